{{%AUTOESCAPE context="HTML"}}
{{! GET /logout changes nothing: it offers the button that logs out. }}
<h1>Log out</h1>
{{#LOGGED_IN}}
<p>Log out of this site? Your GitHub account stays as it is.</p>
<form method="post" action="/logout">
<input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
<button type="submit" class="button">Log out</button>
</form>
<p>Or end every session of your account, on every computer and browser:</p>
<form method="post" action="/logout/everywhere">
<input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
<button type="submit" class="button">Log out everywhere</button>
</form>
{{/LOGGED_IN}}
{{#LOGGED_OUT}}
<p>You are not logged in. <a href="/">Go to the home page</a>.</p>
{{/LOGGED_OUT}}
