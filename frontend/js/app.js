// OCI Hooks Admin: small progressive enhancements. Loaded with "defer" from /js/app.js; the CSP forbids inline scripts.
// Every page works without this file: forms submit to the server, which validates and renders.
(function () {
	'use strict';

	document.documentElement.classList.add('js');

	// <form data-confirm="Delete this hook?">: ask before submitting (for destructive actions).
	document.addEventListener('submit', function (event) {
		var form = event.target;
		var question = form instanceof HTMLFormElement ? form.getAttribute('data-confirm') : null;
		if (question && !window.confirm(question)) {
			event.preventDefault();
		}
	});

	function csrfToken(form) {
		var input = form && form.querySelector('input[name="_csrf"]');
		if (input) {
			return input.value;
		}
		var any = document.querySelector('input[name="_csrf"]');
		return any ? any.value : null;
	}

	function liveMessage(html, kind) {
		var region = document.querySelector('[data-live-region]');
		if (!region) {
			return;
		}
		var p = document.createElement('div');
		p.className = 'alert live-banner alert--' + (kind || 'info');
		p.innerHTML = html;
		region.textContent = '';
		region.appendChild(p);
	}

	// Live updates: a newer snapshot than the page's means the files changed (on disk, or through another tab).
	// Pages marked data-live-rerender (the overview) are rendered again by the server and swapped in whole, so the
	// page never shows two verdicts or an old snapshot's cards next to a new one's counts; other pages offer a reload.
	function subscribe() {
		var body = document.body;
		var generation = Number(body.getAttribute('data-generation'));
		if (!window.EventSource || !generation || document.querySelector('.login')) {
			return;
		}
		var fetching = false;
		var again = false;

		function rerender() {
			if (fetching) {
				again = true;
				return;
			}
			fetching = true;
			window.fetch(window.location.href, { credentials: 'same-origin', headers: { 'Accept': 'text/html' } })
				.then(function (response) {
					if (!response.ok) {
						throw new Error('HTTP ' + response.status);
					}
					return response.text();
				})
				.then(function (html) {
					var doc = new DOMParser().parseFromString(html, 'text/html');
					var fresh = doc.querySelector('main');
					var main = document.querySelector('main');
					var rendered = Number(doc.body && doc.body.getAttribute('data-generation'));
					if (!fresh || !main || !fresh.hasAttribute('data-live-rerender')) {
						throw new Error('not the same page');
					}
					main.replaceWith(document.importNode(fresh, true));
					if (rendered > generation) {
						generation = rendered;
						body.setAttribute('data-generation', String(rendered));
					}
					liveMessage('<span>Updated to snapshot ' + generation + '.</span>', 'info');
				})
				.catch(function () {
					offerReload(null);
				})
				.then(function () {
					fetching = false;
					if (again) {
						again = false;
						rerender();
					}
				});
		}

		function offerReload(data) {
			var refusing = data && data.runtimeError ? ' <strong>The runtime now refuses every container.</strong>' : '';
			var editing = document.querySelector('[data-editor]');
			var how = data && data.cause === 'write' ? 'Hook files were changed through this service'
				: 'Hook files changed on disk';
			liveMessage('<span>' + how + (data ? ' (snapshot ' + data.generation + ').' : '.') + refusing
				+ (editing ? ' Saving checks that the file you edit did not change.' : '') + '</span>'
				+ ' <a class="button button--secondary button--small" href="' + window.location.href.replace(/"/g, '&quot;')
				+ '">Reload</a>', data && data.runtimeError ? 'error' : 'info');
		}

		var source = new EventSource('/events');
		source.addEventListener('snapshot', function (event) {
			var data;
			try {
				data = JSON.parse(event.data);
			} catch (e) {
				return;
			}
			if (!data || data.generation <= generation) {
				return;
			}
			if (document.querySelector('main[data-live-rerender]')) {
				rerender();
				return;
			}
			generation = data.generation;
			offerReload(data);
		});
		window.addEventListener('beforeunload', function () {
			source.close();
		});
	}

	// Copy buttons: <button data-copy="ID" hidden> copies the exact text of element ID, or, for a
	// <script type="application/json" id="ID"> data block, the string it holds (a file's text with its line endings).
	// The button stays hidden without this script; the text can always be selected by hand.
	function copyText(target) {
		if (target.tagName === 'SCRIPT') {
			try {
				var value = JSON.parse(target.textContent);
				return typeof value === 'string' ? value : null;
			} catch (e) {
				return null;
			}
		}
		return target.textContent;
	}

	// Without the asynchronous clipboard (no secure context: plain HTTP to another host than localhost), or when it
	// refuses: copy the selection of a temporary, invisible text area.
	function copyBySelection(text) {
		var area = document.createElement('textarea');
		area.value = text;
		area.setAttribute('readonly', '');
		area.setAttribute('aria-hidden', 'true');
		area.className = 'copy-buffer';
		document.body.appendChild(area);
		area.select();
		var copied = false;
		try {
			copied = document.execCommand('copy');
		} catch (e) {
			copied = false;
		}
		document.body.removeChild(area);
		return copied;
	}

	function copyButtons() {
		document.querySelectorAll('[data-copy]').forEach(function (button) {
			var target = document.getElementById(button.getAttribute('data-copy'));
			if (!target) {
				return;
			}
			var label = button.textContent;
			var what = button.getAttribute('data-copy-what') || 'the text';
			var timer = null;
			button.hidden = false;

			function done(copied) {
				button.textContent = copied ? 'Copied' : 'Copy failed';
				button.setAttribute('data-copied', copied ? 'true' : 'false');
				liveMessage(copied ? 'Copied ' + what + ' to the clipboard.'
					: 'Could not copy ' + what + ': select it and copy it by hand.', copied ? 'success' : 'error');
				window.clearTimeout(timer);
				timer = window.setTimeout(function () {
					button.textContent = label;
					button.removeAttribute('data-copied');
				}, 2000);
			}

			button.addEventListener('click', function () {
				var text = copyText(target);
				if (text === null) {
					done(false);
					return;
				}
				if (window.isSecureContext && navigator.clipboard && navigator.clipboard.writeText) {
					navigator.clipboard.writeText(text).then(function () {
						done(true);
					}, function () {
						done(copyBySelection(text));
					});
				} else {
					done(copyBySelection(text));
				}
			});
		});
	}

	// Preview: "Copy link" copies the address of the link to this preview (absolute, as the browser resolved it).
	function copyLinkButtons() {
		var link = document.querySelector('[data-share-link]');
		document.querySelectorAll('[data-copy-link]').forEach(function (button) {
			if (!link || !navigator.clipboard) {
				return;
			}
			button.hidden = false;
			button.addEventListener('click', function () {
				navigator.clipboard.writeText(link.href).then(function () {
					button.textContent = 'Copied';
					liveMessage('Copied the link to this preview.', 'success');
					window.setTimeout(function () { button.textContent = 'Copy link'; }, 2000);
				});
			});
		});
	}

	// Hooks table: the sort links work without JS; with JS, filter changes submit at once.
	function autoFilter() {
		var form = document.querySelector('form.filters');
		if (!form) {
			return;
		}
		form.querySelectorAll('select').forEach(function (select) {
			select.addEventListener('change', function () {
				form.submit();
			});
		});
	}

	// Editor: tabs between form and raw JSON, "add row", and validation as you type.
	function editor() {
		var form = document.querySelector('[data-editor]');
		if (!form) {
			return;
		}
		var mode = form.getAttribute('data-mode') || 'form';
		var tabs = form.querySelector('[data-tabs]');
		var panels = form.querySelectorAll('[data-panel]');

		function show(next) {
			mode = next;
			form.setAttribute('data-mode', mode);
			panels.forEach(function (panel) {
				panel.hidden = panel.getAttribute('data-panel') !== mode;
			});
			tabs.querySelectorAll('[role="tab"]').forEach(function (tab) {
				var selected = tab.getAttribute('data-tab') === mode;
				tab.setAttribute('aria-selected', selected ? 'true' : 'false');
				tab.tabIndex = selected ? 0 : -1;
			});
		}

		if (tabs) {
			tabs.hidden = false;
			tabs.querySelectorAll('[role="tab"]').forEach(function (tab) {
				tab.addEventListener('click', function () {
					var next = tab.getAttribute('data-tab');
					if (next === 'raw' && mode === 'form') {
						// Carry the form over into the raw text.
						validate('form', function (result) {
							if (result && result.json) {
								form.querySelector('#raw').value = result.canonical || result.json;
							}
						});
					}
					show(next);
				});
				tab.addEventListener('keydown', function (event) {
					if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
						var other = tabs.querySelector('[data-tab="' + (mode === 'form' ? 'raw' : 'form') + '"]');
						other.click();
						other.focus();
					}
				});
			});
			show(mode);
		}

		var addRow = form.querySelector('[data-add-row]');
		var rows = form.querySelector('[data-annotation-rows]');
		if (addRow && rows) {
			addRow.hidden = false;
			addRow.addEventListener('click', function () {
				var last = rows.lastElementChild;
				var copy = last.cloneNode(true);
				var n = rows.children.length;
				copy.querySelectorAll('input').forEach(function (input, i) {
					input.value = '';
					input.id = (i === 0 ? 'ak' : 'av') + n;
				});
				copy.querySelectorAll('label').forEach(function (label, i) {
					label.setAttribute('for', (i === 0 ? 'ak' : 'av') + n);
					label.textContent = (i === 0 ? 'Key pattern ' : 'Value pattern ') + (n + 1);
				});
				rows.appendChild(copy);
				copy.querySelector('input').focus();
			});
		}

		var url = form.getAttribute('data-validate-url');
		var box = form.querySelector('[data-validation]');
		var timer = null;
		var pending = 0;

		function validate(asMode, callback) {
			var data = new URLSearchParams(new FormData(form));
			data.set('mode', asMode || mode);
			var id = ++pending;
			fetch(url, {
				method: 'POST',
				headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-CSRF-TOKEN': csrfToken(form) || '',
					'Accept': 'application/json' },
				body: data.toString(),
				credentials: 'same-origin'
			}).then(function (response) {
				return response.ok ? response.json() : null;
			}).then(function (result) {
				if (callback) {
					callback(result);
				}
				if (result && id === pending) {
					render(result);
				}
			}).catch(function () { /* the server validates on submit anyway */ });
		}

		function text(s) {
			var span = document.createElement('span');
			span.textContent = s;
			return span;
		}

		function render(result) {
			form.querySelectorAll('[data-error-for]').forEach(function (el) {
				el.textContent = '';
			});
			form.querySelectorAll('[aria-invalid]').forEach(function (el) {
				el.removeAttribute('aria-invalid');
			});
			box.textContent = '';
			var general = [];
			(result.errors || []).forEach(function (m) {
				var field = (mode === 'raw') ? 'raw' : m.field;
				var target = form.querySelector('[data-error-for="' + field + '"]');
				var input = form.querySelector('[name="' + field + '"]');
				if (target && !target.textContent) {
					target.textContent = (mode === 'raw' && m.pointer ? m.pointer + ': ' : '') + m.message;
					if (input) {
						input.setAttribute('aria-invalid', 'true');
					}
				} else if (!target) {
					general.push(m);
				}
			});
			var alert = document.createElement('div');
			if (result.valid) {
				alert.className = 'alert alert--ok';
				alert.appendChild(text('Valid: the runtime would accept this definition.'));
			} else {
				alert.className = 'alert alert--error';
				alert.setAttribute('data-validation-errors', '');
				alert.appendChild(text(result.errors.length + ' problem(s) to fix before saving.'));
				if (general.length) {
					var ul = document.createElement('ul');
					general.forEach(function (m) {
						var li = document.createElement('li');
						li.appendChild(text((m.pointer ? m.pointer + ': ' : '') + m.message));
						ul.appendChild(li);
					});
					alert.appendChild(ul);
				}
			}
			box.appendChild(alert);
			if (result.warnings && result.warnings.length) {
				var warn = document.createElement('div');
				warn.className = 'alert alert--warning';
				var list = document.createElement('ul');
				result.warnings.forEach(function (m) {
					var li = document.createElement('li');
					li.appendChild(text((m.pointer ? m.pointer + ': ' : '') + m.message));
					list.appendChild(li);
				});
				warn.appendChild(list);
				box.appendChild(warn);
			}
		}

		form.addEventListener('input', function () {
			window.clearTimeout(timer);
			timer = window.setTimeout(function () { validate(); }, 400);
		});
		form.addEventListener('change', function () {
			window.clearTimeout(timer);
			timer = window.setTimeout(function () { validate(); }, 150);
		});
	}

	/* The editor's force checkbox shows only while the chosen directory is one that no runtime reads. */
	function forceField() {
		var select = document.getElementById('directoryId');
		var field = document.querySelector('[data-force-field]');
		if (!select || !field) {
			return;
		}
		var update = function () {
			var option = select.options[select.selectedIndex];
			var unread = option && option.getAttribute('data-unread') === 'true';
			field.hidden = !unread;
			if (!unread) {
				var box = field.querySelector('[data-force]');
				if (box) {
					box.checked = false;
				}
			}
		};
		select.addEventListener('change', update);
		update();
	}

	var started = false;

	function start() {
		if (started) {
			return;
		}
		started = true;
		subscribe();
		copyButtons();
		copyLinkButtons();
		autoFilter();
		editor();
		forceField();
	}

	if (document.readyState === 'loading') {
		document.addEventListener('DOMContentLoaded', start);
	} else {
		start();
	}
})();
