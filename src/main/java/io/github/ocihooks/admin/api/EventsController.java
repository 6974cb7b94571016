package io.github.ocihooks.admin.api;

import java.io.IOException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.ocihooks.admin.engine.FileState;
import io.github.ocihooks.admin.engine.Problem;
import io.github.ocihooks.admin.engine.RuntimeError;
import io.github.ocihooks.admin.engine.Severity;
import io.github.ocihooks.admin.engine.Snapshot;
import io.github.ocihooks.admin.store.HookStore;
import io.github.ocihooks.admin.store.SnapshotChangedEvent;
import io.github.ocihooks.admin.inventory.StatusCounts;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-sent events: {@code snapshot} whenever a new snapshot becomes current
 * (generation, counts, cause), and {@code problem} for each error that was not there
 * before. Served at {@code /api/v1/events} for API clients and at {@code /events} for the
 * signed-in dashboard.
 */
@RestController
@Tag(name = "inventory")
class EventsController {

	private final HookStore store;

	private final List<SseEmitter> emitters = new CopyOnWriteArrayList<>();

	EventsController(HookStore store) {
		this.store = store;
	}

	@GetMapping(path = { "/api/v1/events", "/events" }, produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	@Operation(operationId = "events", summary = "Stream snapshot and problem events (text/event-stream)",
			responses = @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200",
					description = "Server-sent events: snapshot (generation, counts, cause, runtimeError) and problem",
					content = @io.swagger.v3.oas.annotations.media.Content(mediaType = "text/event-stream",
							schema = @io.swagger.v3.oas.annotations.media.Schema(type = "string"))))
	SseEmitter events() {
		SseEmitter emitter = new SseEmitter(0L);
		this.emitters.add(emitter);
		emitter.onCompletion(() -> this.emitters.remove(emitter));
		emitter.onTimeout(() -> this.emitters.remove(emitter));
		emitter.onError(e -> this.emitters.remove(emitter));
		send(emitter, SseEmitter.event().name("snapshot").data(SnapshotEvent.of(this.store.snapshot(), "current")));
		return emitter;
	}

	@EventListener
	void onSnapshot(SnapshotChangedEvent event) {
		if (this.emitters.isEmpty()) {
			return;
		}
		SnapshotEvent data = SnapshotEvent.of(event.current(), event.cause());
		List<Problem> fresh = newErrors(event.previous(), event.current());
		for (SseEmitter emitter : this.emitters) {
			if (send(emitter, SseEmitter.event().name("snapshot").id(Long.toString(data.generation())).data(data))) {
				for (Problem p : fresh) {
					send(emitter, SseEmitter.event().name("problem").data(p));
				}
			}
		}
	}

	/**
	 * Ends open streams when the application stops, so that graceful shutdown does not
	 * wait for them.
	 */
	@EventListener(org.springframework.context.event.ContextClosedEvent.class)
	void onClose() {
		for (SseEmitter emitter : this.emitters) {
			emitter.complete();
		}
		this.emitters.clear();
	}

	/**
	 * A comment every 25 s keeps proxies from closing idle streams and finds dead
	 * clients.
	 */
	@Scheduled(fixedDelay = 25_000)
	void heartbeat() {
		for (SseEmitter emitter : this.emitters) {
			send(emitter, SseEmitter.event().comment("keep-alive"));
		}
	}

	/**
	 * Sends one event; a client that has gone away is dropped. Nothing more is done with
	 * its emitter: the container reports the broken connection itself (Spring's contract
	 * for a failed send), and completing it from this thread throws once the container
	 * has seen the error, which would turn the write that caused this event into a
	 * failure.
	 */
	boolean send(SseEmitter emitter, SseEmitter.SseEventBuilder event) {
		try {
			emitter.send(event);
			return true;
		}
		catch (IOException | IllegalStateException ex) {
			this.emitters.remove(emitter);
			return false;
		}
	}

	static List<Problem> newErrors(Snapshot previous, Snapshot current) {
		Set<String> before = new HashSet<>();
		if (previous != null) {
			for (FileState s : previous.resolution().files()) {
				for (Problem p : s.problems()) {
					before.add(key(p));
				}
			}
		}
		return current.resolution()
			.problems()
			.stream()
			.filter(p -> p.severity() == Severity.ERROR && !before.contains(key(p)))
			.toList();
	}

	private static String key(Problem p) {
		return p.directory() + "\u0000" + p.file() + "\u0000" + p.code() + "\u0000" + p.message();
	}

	/**
	 * The {@code snapshot} event.
	 *
	 * @param generation the snapshot generation
	 * @param loadedAt when it was loaded
	 * @param cause what made it ({@code watch}, {@code reload}, ...)
	 * @param counts files by status
	 * @param runtimeError non-null when the runtime would refuse every container
	 */
	record SnapshotEvent(long generation, Instant loadedAt, String cause, Map<String, Integer> counts,
			RuntimeError runtimeError) {

		static SnapshotEvent of(Snapshot s, String cause) {
			return new SnapshotEvent(s.generation(), s.loadedAt(), cause, StatusCounts.of(s.resolution().files()),
					s.resolution().loadError());
		}

	}

}
