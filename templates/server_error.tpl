{{%AUTOESCAPE context="HTML"}}
{{! 500: orggate failed; the reason is in its log, never on the page. }}
<h1>Something went wrong</h1>
<p>This request could not be answered. Please try again in a moment.</p>
