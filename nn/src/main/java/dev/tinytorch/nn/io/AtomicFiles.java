package dev.tinytorch.nn.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Replaces files so that a reader, or the next run after a crash, sees either the old file or the complete new one,
 * never a mixture or a prefix: how the project writes every file a user sees (saved models, the examples' outputs,
 * the benchmark's figures and charts).
 *
 * <p>Every file is first written to a hidden temporary file in the same directory (a rename across file systems
 * would not be atomic) and forced to disk; only when all of them are complete is each renamed over its target with
 * {@link StandardCopyOption#ATOMIC_MOVE}, and the directory is then forced so the renames survive a power cut. A
 * failure before the renames leaves every target untouched and deletes the temporary files.
 */
public final class AtomicFiles {

    private static final AtomicLong COUNTER = new AtomicLong();

    private AtomicFiles() {
    }

    /** What goes into one file, written to the stream it is given (which it must not close). */
    @FunctionalInterface
    public interface Content {

        /** Writes the file's bytes to {@code out}, without closing it. */
        void writeTo(OutputStream out) throws IOException;

        /** {@code text} in UTF-8, as {@link Files#writeString(Path, CharSequence, java.nio.file.OpenOption...)}. */
        static Content text(String text) {
            return out -> out.write(text.getBytes(StandardCharsets.UTF_8));
        }

        /**
         * {@code lines} in UTF-8, each ended by the platform's line separator, as
         * {@link Files#write(Path, Iterable, java.nio.file.OpenOption...)}.
         */
        static Content lines(List<String> lines) {
            return out -> {
                for (String line : lines) {
                    out.write((line + System.lineSeparator()).getBytes(StandardCharsets.UTF_8));
                }
            };
        }
    }

    /** Writes {@code content} to {@code file}, creating its directory if needed. */
    public static void write(Path file, Content content) throws IOException {
        Path absolute = file.toAbsolutePath();
        write(absolute.getParent(), Map.of(absolute.getFileName().toString(), content));
    }

    /**
     * Writes each {@code files} entry (file name to content) into {@code directory}, creating the directory if
     * needed; renames happen in the map's order, after every file has been written, so that a failure while writing
     * any of them (a model's configuration or its weights) leaves all of them as they were.
     */
    public static void write(Path directory, Map<String, Content> files) throws IOException {
        Files.createDirectories(directory);
        List<Path> temporaries = new ArrayList<>();
        int renamed = 0;
        try {
            for (Map.Entry<String, Content> file : files.entrySet()) {
                Path temporary = directory.resolve("." + file.getKey() + ".tmp-" + ProcessHandle.current().pid()
                        + "-" + COUNTER.incrementAndGet());
                temporaries.add(temporary);
                writeDurably(temporary, file.getValue());
            }
            for (String name : files.keySet()) {
                moveAtomically(temporaries.get(renamed), directory.resolve(name));
                renamed++;
            }
        } finally {
            for (Path leftover : temporaries.subList(renamed, temporaries.size())) {
                Files.deleteIfExists(leftover);
            }
        }
        forceDirectory(directory);
    }

    private static void writeDurably(Path file, Content content) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel));
            content.writeTo(out);
            out.flush();
            channel.force(true);
        }
    }

    private static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException(to + ": this file system cannot replace a file atomically; write to a local disk"
                    + " instead", e);
        }
    }

    /**
     * Makes the renames durable where the platform allows opening a directory (Linux, macOS); elsewhere (Windows)
     * the rename itself is all there is, and the exception saying so is not an error of the save.
     */
    private static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException unsupported) {
            // the data files were forced already; only the directory entry's durability is left to the OS
        }
    }
}
