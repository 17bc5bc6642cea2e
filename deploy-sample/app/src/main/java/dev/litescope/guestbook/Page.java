package dev.litescope.guestbook;

import java.util.List;

/** Some entries plus the total number of entries, read in one transaction so the two agree. */
public record Page(long count, List<Entry> entries) {

    public String toJson() {
        StringBuilder json = new StringBuilder(64 + entries.size() * 128);
        json.append("{\"count\":").append(count).append(",\"entries\":[");
        for (int i = 0; i < entries.size(); i++) {
            if (i > 0) {
                json.append(',');
            }
            json.append(entries.get(i).toJson());
        }
        return json.append("]}").toString();
    }
}
