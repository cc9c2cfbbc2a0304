package io.moonlight.agent.input;

import io.moonlight.core.MoonlightException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Injects the viewers' data-channel input (docs/streaming.md, "Input protocol, version 1") into an X
 * display through XTest, on a connection and a thread of its own: callers (the data channel's native
 * threads) only validate and enqueue, never wait for the X server.
 */
public final class InputInjector implements AutoCloseable {
    /** Messages waiting for the X server beyond this are dropped (as {@code rate}). */
    static final int MAX_BACKLOG = 4096;
    private static final System.Logger LOG = System.getLogger(InputInjector.class.getName());
    private final ScheduledExecutorService inputThread;
    private final XInjector x;
    private final DropCounters drops = new DropCounters();
    private final AtomicInteger backlog = new AtomicInteger();
    private final Map<String, ViewerInput> viewers = new ConcurrentHashMap<>();

    private InputInjector(ScheduledExecutorService inputThread, XInjector x) {
        this.inputThread = inputThread;
        this.x = x;
    }

    /** Connects to the X display (e.g. {@code :10}); fails with a one-line reason when it cannot. */
    public static InputInjector open(String display) {
        ScheduledThreadPoolExecutor thread = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread t = new Thread(runnable, "moonlight-input " + display);
            t.setDaemon(true);
            return t;
        });
        // Once closed, a pending give-back of spare keycodes must not run on the closed connection.
        thread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        try {
            return new InputInjector(thread, thread.submit(() -> XInjector.open(display, thread)).get());
        } catch (ExecutionException e) {
            thread.shutdownNow();
            throw e.getCause() instanceof MoonlightException m ? m
                    : MoonlightException.unavailable("cannot inject input on X display " + display + ": "
                    + e.getCause().getMessage(), "check that libX11 and libXtst are installed");
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
            throw MoonlightException.failed("interrupted while opening X display " + display, "try again");
        }
    }

    /**
     * The input of one viewer (a peer connection), made on first use; its {@code clipboard} and
     * {@code resize} messages go to {@code requests}, on the input thread.
     */
    public ViewerInput viewer(String viewerId, DesktopRequests requests) {
        return viewers.computeIfAbsent(viewerId,
                id -> new ViewerInput(id, this, new InputAdmission(drops, System::nanoTime), requests));
    }

    /** Counts a data-channel message of a view-only viewer, which is never injected, as dropped ({@code viewer}). */
    public void refuseViewOnly() {
        drops.count(DropReason.VIEWER);
    }

    /** Dropped messages by reason ({@code malformed}, {@code size}, {@code rate}, {@code viewer}), cumulative since start. */
    public Map<String, Long> droppedCounts() {
        return drops.snapshot();
    }

    void inject(ViewerState viewer, InputMessage message) {
        if (backlog.incrementAndGet() > MAX_BACKLOG) {
            backlog.decrementAndGet();
            drops.count(DropReason.RATE);
            return;
        }
        run(() -> {
            try {
                x.apply(viewer, message);
            } finally {
                backlog.decrementAndGet();
            }
        });
    }

    /**
     * Runs {@code action} on the input thread after the input queued so far and before what comes
     * next: the clipboard route waits there until the desktop's clipboard holds a viewer's text, so
     * that the Ctrl+V sent after it pastes that text.
     */
    void inOrder(Runnable action) {
        run(action::run);
    }

    void releaseAll(ViewerState viewer) {
        run(() -> x.releaseAll(viewer));
    }

    void forget(String viewerId) {
        viewers.remove(viewerId);
    }

    private interface XTask {
        void run() throws InterruptedException;
    }

    private void run(XTask task) {
        try {
            inputThread.execute(() -> {
                try {
                    task.run();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "input not injected: " + e);
                }
            });
        } catch (RejectedExecutionException closed) {
            // The injector is closed: input arriving while the peer shuts down goes nowhere.
        }
    }

    /** Releases what every viewer holds, gives the spare keycodes back and closes the X connection. */
    @Override
    public void close() {
        viewers.values().forEach(ViewerInput::releaseAll);
        viewers.clear();
        run(x::close);
        inputThread.shutdown();
        try {
            if (!inputThread.awaitTermination(5, TimeUnit.SECONDS)) {
                inputThread.shutdownNow();
            }
        } catch (InterruptedException e) {
            inputThread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
