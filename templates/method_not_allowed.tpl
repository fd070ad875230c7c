{{%AUTOESCAPE context="HTML"}}
{{! 405: a known address asked with the wrong method. }}
<h1>Method not allowed</h1>
<p>This page cannot be used that way. <a href="/">Go to the home page</a>.</p>
