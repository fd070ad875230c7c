{{%AUTOESCAPE context="HTML"}}
{{! 503: the session folder could not be read or written; the errno is in orggate's log. }}
<h1>The site has a storage problem</h1>
<p class="storage-problem">This request could not be completed: the site cannot read or save sign-ins right now. Please try again in a few minutes.</p>
