package io.moonlight.agent.clipboard;

import io.moonlight.agent.input.ClipboardMessage;
import io.moonlight.agent.x11.EventWait;
import io.moonlight.core.MoonlightException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The X display's CLIPBOARD selection as text, both ways, on an X connection and a thread of its own:
 * a text another X client copies is handed on as the {@code clipboard} message of the input protocol
 * (docs/streaming.md), and {@link #set} makes the agent the selection's owner, serving the text to
 * whoever pastes. A text whose message would be over {@link ClipboardMessage#MAX_BYTES} is refused
 * whole and counted, never cut.
 */
public final class DesktopClipboard implements AutoCloseable {
    private static final int SET_WAIT_MILLIS = 1000;
    /** Events and wake-ups end the thread's sleep; this only bounds it. */
    private static final long IDLE_MILLIS = 10_000;
    private final String display;
    private final Consumer<String> log;
    private final Consumer<String> changed;
    private final AtomicReference<Optional<Owning>> toOwn = new AtomicReference<>(Optional.empty());
    private final AtomicLong refused = new AtomicLong();
    private final Thread thread;
    private final CompletableFuture<Void> opened = new CompletableFuture<>();
    private volatile boolean running = true;
    /** Set once the thread's X connection is open; {@link #set} and {@link #close} wake the thread through it. */
    private volatile EventWait events;

    private DesktopClipboard(String display, Consumer<String> changed, Consumer<String> log) {
        this.display = display;
        this.changed = changed;
        this.log = log;
        this.thread = new Thread(this::run, "moonlight-clipboard " + display);
        this.thread.setDaemon(true);
    }

    /**
     * Watches the display's clipboard: {@code changedMessage} gets the {@code clipboard} message of each
     * new text another X client copies, on the clipboard's thread. Fails with a one-line reason when the
     * display cannot be opened or lacks XFIXES.
     */
    public static DesktopClipboard open(String display, Consumer<String> changedMessage, Consumer<String> log) {
        DesktopClipboard clipboard = new DesktopClipboard(display, changedMessage, log);
        clipboard.start();
        return clipboard;
    }

    private void start() {
        thread.start();
        try {
            opened.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof MoonlightException m ? m
                    : MoonlightException.unavailable("cannot watch the clipboard of X display " + display + ": "
                    + e.getCause().getMessage(), "check that libX11 and libXfixes are installed");
        } catch (TimeoutException e) {
            close();
            throw MoonlightException.unavailable("X display " + display + " did not answer within 10 s",
                    "check that its X server runs");
        } catch (InterruptedException e) {
            close();
            Thread.currentThread().interrupt();
            throw MoonlightException.failed("interrupted while opening X display " + display, "try again");
        }
    }

    /**
     * The desktop's clipboard becomes {@code text} (a viewer's): returns once it does, or after
     * {@value #SET_WAIT_MILLIS} ms when the clipboard's thread is stuck or gone. Of texts set faster
     * than that, the latest wins.
     */
    public void set(String text) {
        CompletableFuture<Void> owned = new CompletableFuture<>();
        toOwn.getAndSet(Optional.of(new Owning(text, owned))).ifPresent(superseded -> superseded.done().complete(null));
        wake();
        try {
            owned.get(SET_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // The thread stopped or is stuck in a call to the X server: the text is not on the desktop.
        }
    }

    /** How many texts copied on the desktop were not sent because they are over the size limit. */
    public long refusedTooLarge() {
        return refused.get();
    }

    private void run() {
        SelectionWindow selection;
        try {
            selection = SelectionWindow.open(display, ClipboardMessage.MAX_BYTES);
        } catch (RuntimeException | Error e) {
            opened.completeExceptionally(e);
            return;
        }
        EventWait wait = new EventWait(selection.connection());
        events = wait;
        opened.complete(null);
        try {
            while (running) {
                toOwn.getAndSet(Optional.empty()).ifPresent(owning -> {
                    selection.own(owning.text());
                    owning.done().complete(null);
                });
                selection.handleQueued(this::copied, this::tooLarge);
                if (running && !wait.await(IDLE_MILLIS)) {
                    log.accept("clipboard: the X server of " + display + " closed the connection; the clipboard"
                            + " is no longer shared");
                    return;
                }
            }
        } catch (RuntimeException e) {
            log.accept("clipboard: stopped sharing the clipboard of " + display + ": " + e.getMessage());
        } finally {
            wait.close();
            selection.close();
        }
    }

    private void wake() {
        EventWait wait = events;
        if (wait != null) {
            wait.wake();
        }
    }

    private void copied(String text) {
        Optional<String> message = ClipboardMessage.toBrowser(text);
        if (message.isPresent()) {
            changed.accept(message.get());
        } else {
            tooLarge((long) text.length());
        }
    }

    private void tooLarge(long size) {
        refused.incrementAndGet();
        log.accept("clipboard: a copied text " + (size < 0 ? "sent in parts (INCR)" : "of " + size + " bytes or more")
                + " is over the " + ClipboardMessage.MAX_BYTES / 1024 + " KiB the viewers get; not sent");
    }

    /** A viewer's text to take the selection with, and its {@link #set} waiting for it. */
    private record Owning(String text, CompletableFuture<Void> done) {
    }

    /** Stops sharing: the thread ends, the window and the X connection close (the selection is let go). */
    @Override
    public void close() {
        running = false;
        wake();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
