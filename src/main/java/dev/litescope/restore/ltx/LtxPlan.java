package dev.litescope.restore.ltx;

import dev.litescope.replica.ObjectInfo;
import dev.litescope.replica.ltx.LtxFile;
import dev.litescope.replica.ltx.LtxNames;
import dev.litescope.restore.Plan;
import dev.litescope.restore.RestoreTarget;
import java.util.List;

/**
 * What a Litestream 0.5 restore fetches and applies: LTX files in order, the first one starting at TXID 1 (a level-9
 * snapshot, or any file that is a full image), each later one continuing the TXIDs reached.
 *
 * @param files never empty; {@code files.get(0).minTxid() == 1}
 * @param notes where this plan departs from what {@code litestream restore} would do, in words for the user
 */
public record LtxPlan(RestoreTarget target, List<LtxFile> files, List<String> notes) implements Plan {
    public LtxPlan {
        files = List.copyOf(files);
        notes = List.copyOf(notes);
        if (files.isEmpty() || files.get(0).minTxid() != 1) {
            throw new IllegalArgumentException("a plan starts with a file from TXID 1");
        }
    }

    /** The TXID the restored database is at. */
    public long txid() {
        return files.get(files.size() - 1).maxTxid();
    }

    @Override
    public List<ObjectInfo> objects() {
        return files.stream().map(LtxFile::object).toList();
    }

    @Override
    public String summary() {
        return "TXID " + LtxNames.txid(txid()) + " from " + files.size() + " LTX file(s), starting with "
                + files.get(0).label();
    }
}
