package dev.mediajobs.common;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An output as the provider hands it over, before it is archived: a URL to download (often short-lived), or, for
 * providers that answer with the bytes themselves, a staging object already written to S3 by the poller.
 *
 * @param url            where to download the asset from
 * @param contentType    the content type the provider declared, if any
 * @param expectedSha256 a checksum the provider published (lower-case hex), checked after download when present
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProviderAsset(String url, String contentType, String expectedSha256) {

    public static ProviderAsset ofUrl(String url) {
        return new ProviderAsset(url, null, null);
    }
}
