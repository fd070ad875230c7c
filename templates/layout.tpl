{{%AUTOESCAPE context="HTML"}}
{{! The frame of every page: head, navbar, flash messages, then the page's own part. }}
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{TITLE}} - orggate</title>
<link rel="stylesheet" href="/static/orggate.css">
</head>
<body>
<header class="navbar">
<nav class="navbar-inner" aria-label="Main">
<a class="brand" href="/">Home</a>
<ul class="nav-links">
<li><a href="/page1"{{#ON_PAGE1}} aria-current="page"{{/ON_PAGE1}}>Page 1</a></li>
<li><a href="/page2"{{#ON_PAGE2}} aria-current="page"{{/ON_PAGE2}}>Page 2</a></li>
</ul>
<div class="nav-user">
{{#LOGGED_IN}}
<img class="avatar" src="{{AVATAR_URL}}" width="30" height="30" alt="">
<span class="user-name">{{NAME}}</span>
<span class="user-login">Github userid: {{LOGIN}}</span>
<form class="logout-form" method="post" action="/logout">
<input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
<button type="submit" class="link-button">Logout</button>
</form>
{{/LOGGED_IN}}
{{#LOGGED_OUT}}
<a class="login-link" href="/login">Login</a>
{{/LOGGED_OUT}}
</div>
</nav>
</header>
<main id="content">
<div class="flash-messages">
{{#MESSAGES}}
<div class="alert alert-info" role="status"><ul>{{#ITEM}}<li>{{TEXT}}{{#LINK}} <a href="{{LINK_URL}}">{{LINK_TEXT}}</a>{{/LINK}}</li>{{/ITEM}}</ul></div>
{{/MESSAGES}}
{{#ERRORS}}
<div class="alert alert-warning" role="alert"><ul>{{#ITEM}}<li>{{TEXT}}{{#LINK}} <a href="{{LINK_URL}}">{{LINK_TEXT}}</a>{{/LINK}}</li>{{/ITEM}}</ul></div>
{{/ERRORS}}
</div>
{{>CONTENT}}
</main>
</body>
</html>
