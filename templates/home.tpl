{{%AUTOESCAPE context="HTML"}}
{{! The home page: the two sample pages and who may log in. }}
<h1>Welcome</h1>
<ul class="page-links">
<li><a href="/page1">That thing we do</a></li>
<li><a href="/page2">The other thing</a></li>
</ul>
<p>This is a sample site that signs visitors in with their GitHub account.</p>
<p>Logins are restricted to members of the GitHub organization <strong>{{ORG}}</strong>.</p>
