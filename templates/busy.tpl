{{%AUTOESCAPE context="HTML"}}
{{! 503: the GitHub lane is full; the login's state is untouched, so reloading finishes it. }}
<h1>One moment, please</h1>
<p>Too many logins right now, try again in a moment.</p>
<p>Your login is still waiting: reload this page in a few seconds to finish it.</p>
