package io.fieldline.ota.firmware.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * {@code GET /api/v1/ota/check} (seed 000). The github_* fields are always null: Fieldline calls no outside update
 * feed.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record CheckResponse(String currentVersion, String latestVersion, boolean updateAvailable,
        String githubLatestVersion, String githubDownloadUrl, String githubReleaseUrl, String githubError) {
}
