{{%AUTOESCAPE context="HTML"}}
{{! 404: an unknown address. }}
<h1>Page not found</h1>
<p>There is no page at this address. <a href="/">Go to the home page</a>.</p>
