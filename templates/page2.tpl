{{%AUTOESCAPE context="HTML"}}
{{! Page 2: a plain page. }}
<h1>This is Page 2</h1>
<p>Lorem ipsum Tritons rule!</p>
