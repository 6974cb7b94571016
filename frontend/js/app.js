// OCI Hooks Admin: small progressive enhancements. Loaded with "defer" from /js/app.js; the CSP forbids inline scripts.
(function () {
	'use strict';

	// <form data-confirm="Delete this hook?">: ask before submitting (for destructive actions).
	document.addEventListener('submit', function (event) {
		var form = event.target;
		var question = form instanceof HTMLFormElement ? form.getAttribute('data-confirm') : null;
		if (question && !window.confirm(question)) {
			event.preventDefault();
		}
	});
})();
