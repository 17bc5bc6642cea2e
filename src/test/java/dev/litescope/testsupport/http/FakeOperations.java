package dev.litescope.testsupport.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Google long-running operations for a fake: {@code {name, metadata, done, response | error}}, each answering
 * "not done" to a set number of polls and then running its outcome once, which fills in the response or the
 * error (and may change the fake's state, as a finished create does).
 */
public final class FakeOperations {
    /** Runs when the operation finishes: puts {@code response} or {@code error} into the done operation. */
    @FunctionalInterface
    public interface Outcome {
        void finish(ObjectNode done);
    }

    private static final class Pending {
        final ObjectNode op;
        final Outcome outcome;
        int pollsLeft;
        ObjectNode done;

        Pending(ObjectNode op, Outcome outcome, int pollsLeft) {
            this.op = op;
            this.outcome = outcome;
            this.pollsLeft = pollsLeft;
        }
    }

    private final Map<String, Pending> operations = new HashMap<>();
    private int pollsToFinish = 1;

    /** How many polls of a new operation answer "not done" before it is. */
    public synchronized void finishAfter(int polls) {
        pollsToFinish = polls;
    }

    /** Starts an operation named {@code parent/operations/ID} and returns it as the API answers a call with it. */
    public synchronized ObjectNode start(String parent, ObjectNode metadata, Outcome outcome) {
        ObjectNode op = LoopbackJson.MAPPER.createObjectNode();
        op.put("name", parent + "/operations/" + UUID.randomUUID());
        op.set("metadata", metadata);
        operations.put(op.get("name").asText(), new Pending(op, outcome, pollsToFinish));
        return op.deepCopy();
    }

    /** The operation as a poll sees it; a 404 for a name never started. */
    public synchronized ObjectNode poll(String name) {
        Pending p = operations.get(name);
        if (p == null) {
            throw new HttpError(404, "NOT_FOUND", "Operation '" + name + "' not found.");
        }
        if (p.pollsLeft > 0) {
            p.pollsLeft--;
            return p.op.deepCopy();
        }
        if (p.done == null) {
            p.done = p.op.deepCopy();
            p.done.put("done", true);
            p.outcome.finish(p.done);
        }
        return p.done.deepCopy();
    }
}
