{{%AUTOESCAPE context="HTML"}}
{{! Page 1: shows the logged-in user's GitHub data, nothing when logged out. }}
<h1>This is Page 1</h1>
<p>Lorem ipsum sit dolor amet.</p>
{{#USER_DATA}}
<pre class="user-data">{{USER_JSON:pre_escape}}</pre>
{{/USER_DATA}}
