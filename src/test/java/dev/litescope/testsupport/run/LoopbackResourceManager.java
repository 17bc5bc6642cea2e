package dev.litescope.testsupport.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.litescope.testsupport.http.GoogleApiFake;
import dev.litescope.testsupport.http.HttpCall;
import dev.litescope.testsupport.http.HttpError;
import dev.litescope.testsupport.http.LoopbackJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A loopback Resource Manager API v3, {@code projects:search} only: the projects added, with {@code query=
 * state:ACTIVE} leaving out the others, a page of {@code pageSize} at a time (a page token is the index of the
 * next project). Served under {@code /resourcemanager/}, as with {@code CLOUDSDK_API_ENDPOINT_OVERRIDES_
 * CLOUDRESOURCEMANAGER=}{@link #endpoint()}.
 */
public final class LoopbackResourceManager extends GoogleApiFake {
    private record Project(String id, String displayName, String state) {
    }

    private final List<Project> projects = new ArrayList<>();
    private volatile int maxPageSize = 50;

    private LoopbackResourceManager() {
        super("resource-manager", "/resourcemanager", "cloudresourcemanager.googleapis.com");
    }

    public static LoopbackResourceManager start() {
        return new LoopbackResourceManager();
    }



    public synchronized void addProject(String id, String displayName, boolean active) {
        projects.add(new Project(id, displayName, active ? "ACTIVE" : "DELETE_REQUESTED"));
    }

    /** Pages no longer than {@code n}, whatever the caller asks for. */
    public void pagesOf(int n) {
        maxPageSize = n;
    }



    @Override
    protected synchronized JsonNode route(String method, String path, HttpCall call, byte[] body) throws HttpError {
        if (!method.equals("GET") || !path.equals("/v3/projects:search")) {
            throw new HttpError(404, "NOT_FOUND", "no such method: " + method + " " + path);
        }
        String query = Optional.ofNullable(call.param("query")).orElse("");
        List<Project> matching = projects.stream().filter(p -> query.isEmpty() || query.equals("state:" + p.state()))
                .toList();
        int size = Math.min(maxPageSize, Optional.ofNullable(call.param("pageSize")).map(Integer::parseInt)
                .orElse(maxPageSize));
        int from = Optional.ofNullable(call.param("pageToken")).map(Integer::parseInt).orElse(0);
        ObjectNode answer = LoopbackJson.MAPPER.createObjectNode();
        ArrayNode page = answer.putArray("projects");
        for (int i = from; i < Math.min(matching.size(), from + size); i++) {
            Project p = matching.get(i);
            page.addObject().put("name", "projects/" + (100000 + projects.indexOf(p))).put("projectId", p.id())
                    .put("displayName", p.displayName()).put("state", p.state());
        }
        if (from + size < matching.size()) {
            answer.put("nextPageToken", String.valueOf(from + size));
        }
        return answer;
    }
}
