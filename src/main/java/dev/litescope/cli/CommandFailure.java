package dev.litescope.cli;

/** A failure a command reports as it is, without a stack trace: the message names the object and what to do. */
final class CommandFailure extends Exception {
    CommandFailure(String message) {
        super(message);
    }
}
