package dev.litescope.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.litescope.cloud.ApiEndpoint;
import dev.litescope.cloud.GoogleHttp;
import dev.litescope.cloud.Pages;
import dev.litescope.cloud.RetryPolicy;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;

/**
 * The Resource Manager API v3 call the deploy wizard makes: the active projects the caller may see
 * ({@code projects:search}, every page), to offer in its project box. Needs {@code resourcemanager.projects.get}
 * on a project for it to be listed; without any, the list is empty and a project id can still be typed.
 */
public final class ProjectsClient {
    /** A project as listed: its id (what a deploy names) and its display name. */
    public record Project(String id, String displayName) {
    }

    private final GoogleHttp http;
    private final ApiEndpoint endpoint;
    private final RetryPolicy retry;

    public ProjectsClient(GoogleHttp http, ApiEndpoint endpoint, RetryPolicy retry) {
        this.http = http;
        this.endpoint = endpoint;
        this.retry = retry;
    }

    /** The active projects the caller can see, sorted by id. */
    public List<Project> activeProjects() throws IOException, InterruptedException {
        String url = endpoint.url("v3/projects:search?query=state%3AACTIVE&pageSize=200");
        List<JsonNode> all = retry.runIo(() -> Pages.all(http, url, "projects"));
        return all.stream().map(p -> new Project(p.path("projectId").asText(""), p.path("displayName").asText("")))
                .filter(p -> !p.id().isEmpty()).sorted(Comparator.comparing(Project::id)).toList();
    }
}
