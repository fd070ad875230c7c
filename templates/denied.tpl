{{%AUTOESCAPE context="HTML"}}
{{! 403 from the gate: a signed-in user this location's rule does not admit, and why. }}
<h1>Access denied</h1>
<p class="denied-reason">You are signed in, but this page is not for you: <strong>{{REASON}}</strong>.</p>
<p>If you have another GitHub account that may see it, sign in with that one.</p>
<p><a class="button relogin" href="{{RELOGIN_URL}}">Log in with another GitHub account</a></p>
