{{%AUTOESCAPE context="HTML"}}
{{! The home page: the two sample pages, who may log in, and "Log out everywhere". }}
<h1>Welcome</h1>
<ul class="page-links">
<li><a href="/page1">That thing we do</a></li>
<li><a href="/page2">The other thing</a></li>
</ul>
<p>This is a sample site that signs visitors in with their GitHub account.</p>
<p>Logins are restricted to members of the GitHub organization <strong>{{ORG}}</strong>.</p>
<h2>Behind the gate</h2>
<p>nginx locations that ask orggate first; signed out, each one sends you to GitHub and back.</p>
<ul class="page-links gate-links">
<li><a href="/members/">Members only: a static folder</a></li>
<li><a href="/whoami/">Who am I: an app behind the gate, with the identity headers it got</a></li>
<li><a href="/core-team/">Team core only: members outside the team are refused</a></li>
</ul>
{{#LOGGED_IN}}
<h2>Your sessions</h2>
<p>Logged in on another computer or browser too? End every session of your account, this one included; the others are told why on their next page.</p>
<form method="post" action="/logout/everywhere">
<input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
<button type="submit" class="button">Log out everywhere</button>
</form>
{{/LOGGED_IN}}
