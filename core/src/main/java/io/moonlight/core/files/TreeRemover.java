package io.moonlight.core.files;

import io.moonlight.core.session.Names;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Removes a directory tree that other accounts may change while it goes (a session directory below
 * a world-writable scratch), as root, without ever being led out of it. Every step is taken relative
 * to a directory held open ({@link SecureDirectoryStream}: openat, unlinkat), by names read from that
 * directory, never through a symbolic link: a link is removed as a link, and a directory swapped for a
 * link between a look and an open fails the open. Where the file system offers no such stream the
 * removal is refused, never done by path.
 *
 * <p>An entry that vanished counts as removed; one that keeps changing kind is looked at again a few
 * times; what cannot be removed is reported, never thrown, so one tree never stops the caller's
 * other work. The walk keeps its own stack (any depth costs no call stack) and enters at most
 * {@value #MAX_DEPTH} levels. Each removal is bounded in time: opening a directory that was swapped
 * for a FIFO blocks in the kernel, so the walk runs on a thread of its own that is left behind then.
 */
public final class TreeRemover {
    /** Levels entered at most; each open level holds two file descriptors. */
    public static final int MAX_DEPTH = 512;
    /** Looks at an entry that changes kind between the look and the step (a racing swap). */
    static final int ATTEMPTS = 8;
    /** Passes over a directory that is not empty after its entries were removed (new ones appeared). */
    static final int ROUNDS = 3;
    /** Entries named in {@link Removal#left()}; further ones are counted. */
    static final int NAMED = 5;

    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    private final Duration limit;

    public TreeRemover(Duration limit) {
        this.limit = limit;
    }

    /** What a removal did; {@code left} names what is still there and why (only when INCOMPLETE). */
    public record Removal(Outcome outcome, List<String> left) {
        public Removal {
            left = List.copyOf(left);
        }

        static Removal of(Outcome outcome) {
            return new Removal(outcome, List.of());
        }

        static Removal incomplete(String why) {
            return new Removal(Outcome.INCOMPLETE, List.of(why));
        }
    }

    public enum Outcome {
        /** The tree is gone. */
        REMOVED,
        /** A real directory is there ({@link #check}: nothing was removed). */
        FOUND,
        /** Nothing is there. */
        MISSING,
        /** A link, a file or anything but a real directory is there or on the way: left alone. */
        NOT_A_DIRECTORY,
        /** Some of the tree is still there: {@link Removal#left()} says what and why. */
        INCOMPLETE
    }

    /**
     * Removes {@code base/relative}: {@code base} is trusted (the caller's configuration names it), every
     * name of {@code relative} is opened from the one before without following a link.
     */
    public Removal remove(Path base, Path relative) {
        return bounded(relative, () -> new Walk().run(base, checked(relative), true));
    }

    /** What {@link #remove} would find, removing nothing (a dry run). */
    public Removal check(Path base, Path relative) {
        return bounded(relative, () -> new Walk().run(base, checked(relative), false));
    }

    private Removal bounded(Path relative, Callable<Removal> work) {
        FutureTask<Removal> task = new FutureTask<>(work);
        Thread worker = new Thread(task, "remove " + relative);
        // A walk stuck opening a FIFO must not keep the process alive once the caller is done.
        worker.setDaemon(true);
        worker.start();
        try {
            return task.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            task.cancel(true);
            return Removal.incomplete("not done within " + limit.toSeconds()
                    + " s (entries kept changing, or one blocked the walk); the rest is tried next time");
        } catch (InterruptedException e) {
            task.cancel(true);
            Thread.currentThread().interrupt();
            return Removal.incomplete("interrupted");
        } catch (ExecutionException e) {
            throw new IllegalStateException("removing " + relative + " failed", e.getCause());
        }
    }

    private static Path checked(Path relative) {
        if (relative.isAbsolute() || relative.toString().isEmpty()) {
            throw new IllegalArgumentException("not a relative path: '" + relative + "'");
        }
        for (Path name : relative) {
            if (name.toString().equals("..") || name.toString().equals(".")) {
                throw new IllegalArgumentException("'" + relative + "' steps out of or back into a directory");
            }
        }
        return relative;
    }

    /**
     * One directory being emptied: the stream of its parent (it is removed through that once empty), its
     * name there, where it lies below the start ("" for the start), its own stream and its entries.
     */
    private record Level(SecureDirectoryStream<Path> parent, Path name, String where, SecureDirectoryStream<Path> dir,
            Iterator<Path> entries, int round, int leftBefore) {
    }

    /** One removal's state: the open levels, deepest first, and what was left. */
    private static final class Walk {
        private final Deque<Level> levels = new ArrayDeque<>();
        private final Deque<Closeable> chain = new ArrayDeque<>();
        private final List<String> left = new ArrayList<>();
        private int leftCount;

        Removal run(Path base, Path relative, boolean removing) {
            try {
                DirectoryStream<Path> top = Files.newDirectoryStream(base);
                chain.push(top);
                if (!(top instanceof SecureDirectoryStream<Path> parent)) {
                    return Removal.incomplete("the file system of " + base + " cannot remove relative to an open "
                            + "directory (no SecureDirectoryStream), and removing by path could be led elsewhere");
                }
                int last = relative.getNameCount() - 1;
                for (int i = 0; i <= last; i++) {
                    if (!look(parent, relative.getName(i)).isDirectory()) {
                        return Removal.of(Outcome.NOT_A_DIRECTORY);
                    }
                    if (i < last) {
                        parent = parent.newDirectoryStream(relative.getName(i), NOFOLLOW);
                        chain.push(parent);
                    }
                }
                if (!removing) {
                    return Removal.of(Outcome.FOUND);
                }
                removeEntry(parent, relative.getFileName(), "", 1);
                while (!levels.isEmpty()) {
                    if (Thread.currentThread().isInterrupted()) {
                        return Removal.incomplete("stopped before the end");
                    }
                    step(levels.peek());
                }
                return leftCount == 0 ? Removal.of(Outcome.REMOVED) : new Removal(Outcome.INCOMPLETE, report());
            } catch (NoSuchFileException e) {
                return Removal.of(Outcome.MISSING);
            } catch (IOException e) {
                return Removal.incomplete(Names.printable(AtomicFiles.describe(e)));
            } finally {
                levels.forEach(level -> close(level.dir()));
                chain.forEach(Walk::close);
            }
        }

        /** Removes the next entry of the level, or the level itself once it has none left. */
        private void step(Level level) {
            Path entry;
            try {
                entry = level.entries().hasNext() ? level.entries().next() : null;
            } catch (DirectoryIteratorException e) {
                leave(level.where(), AtomicFiles.describe(e.getCause()));
                entry = null;
            }
            if (entry != null) {
                // The stream hands out its own path joined with the name: only the name is relative to it.
                Path name = entry.getFileName();
                removeEntry(level.dir(), name, level.where().isEmpty() ? name.toString() : level.where() + "/" + name,
                        level.round());
                return;
            }
            levels.pop();
            close(level.dir());
            try {
                level.parent().deleteDirectory(level.name());
            } catch (NoSuchFileException gone) {
                // Removed meanwhile: as wanted.
            } catch (IOException e) {
                if (leftCount > level.leftBefore()) {
                    return; // what keeps it is reported already
                }
                if (level.round() < ROUNDS) {
                    removeEntry(level.parent(), level.name(), level.where(), level.round() + 1);
                } else {
                    leave(level.where(), e instanceof DirectoryNotEmptyException
                            ? "new entries kept appearing while it was emptied" : AtomicFiles.describe(e));
                }
            }
        }

        /**
         * Removes {@code name} from {@code parent} at once when it is no directory, or enters it (its entries
         * go first). An entry swapped for another kind between the look and the step is looked at again.
         */
        private void removeEntry(SecureDirectoryStream<Path> parent, Path name, String where, int round) {
            IOException last = null;
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                try {
                    if (!look(parent, name).isDirectory()) {
                        parent.deleteFile(name);
                        return;
                    }
                    if (levels.size() >= MAX_DEPTH) {
                        leave(where, "deeper than " + MAX_DEPTH + " levels");
                        return;
                    }
                    SecureDirectoryStream<Path> dir = parent.newDirectoryStream(name, NOFOLLOW);
                    levels.push(new Level(parent, name, where, dir, dir.iterator(), round, leftCount));
                    return;
                } catch (NoSuchFileException gone) {
                    return; // removed meanwhile: as wanted
                } catch (IOException e) {
                    last = e;
                }
            }
            leave(where, AtomicFiles.describe(last));
        }

        private static BasicFileAttributes look(SecureDirectoryStream<Path> parent, Path name) throws IOException {
            return parent.getFileAttributeView(name, BasicFileAttributeView.class, NOFOLLOW).readAttributes();
        }

        private void leave(String where, String why) {
            if (leftCount++ < NAMED) {
                String what = where.isEmpty() ? "the directory itself" : Names.printable(where);
                left.add(what + ": " + Names.printable(why));
            }
        }

        private List<String> report() {
            List<String> report = new ArrayList<>(left);
            if (leftCount > NAMED) {
                report.add("and " + (leftCount - NAMED) + " more");
            }
            return report;
        }

        private static void close(Closeable stream) {
            try {
                stream.close();
            } catch (IOException e) {
                // Only a descriptor to give back: nothing to report.
            }
        }
    }
}
