package dev.mediajobs.api.auth;

import dev.mediajobs.api.config.ApiProperties;
import dev.mediajobs.common.Hashing;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tenants' API keys, held only as SHA-256 digests. A presented key is hashed and compared with every configured
 * digest in constant time, so neither the comparison nor the number of tenants tried tells an attacker anything.
 */
public class TenantKeys {

    private static final Logger log = LoggerFactory.getLogger(TenantKeys.class);
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");
    /** The tenant names {@link dev.mediajobs.providers.validation.JobRequestValidator} accepts. */
    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private record Entry(String tenant, byte[] digest) {
    }

    private final List<Entry> entries;

    private TenantKeys(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * @throws IllegalStateException naming the offending property (never its value: it might be a key pasted by
     *                               mistake) when a tenant name or a digest is malformed, or a digest is configured twice
     */
    public static TenantKeys from(Map<String, ApiProperties.Tenant> tenants) {
        List<Entry> entries = new ArrayList<>();
        tenants.forEach((tenant, settings) -> {
            if (!TENANT.matcher(tenant).matches()) {
                throw new IllegalStateException("mediajobs.api.tenants." + tenant
                        + ": a tenant name must be 1-64 characters of A-Z a-z 0-9 . _ -");
            }
            List<String> hashes = settings == null ? List.of() : settings.getKeySha256();
            for (int i = 0; i < hashes.size(); i++) {
                String hex = hashes.get(i) == null ? "" : hashes.get(i).trim();
                String property = "mediajobs.api.tenants." + tenant + ".key-sha256[" + i + "]";
                if (!SHA256_HEX.matcher(hex).matches()) {
                    throw new IllegalStateException(property + " is not a SHA-256 hex digest (64 hex characters). "
                            + "Configure the digest of the key, never the key itself: printf %s \"$KEY\" | sha256sum");
                }
                byte[] digest = HexFormat.of().parseHex(hex.toLowerCase(Locale.ROOT));
                for (Entry e : entries) {
                    if (MessageDigest.isEqual(e.digest(), digest)) {
                        throw new IllegalStateException(property + " is also configured for tenant '" + e.tenant()
                                + "'; a key must belong to exactly one tenant");
                    }
                }
                entries.add(new Entry(tenant, digest));
            }
            if (hashes.isEmpty()) {
                log.warn("tenant '{}' has no API key (mediajobs.api.tenants.{}.key-sha256): it cannot call the API",
                        tenant, tenant);
            }
        });
        if (entries.isEmpty()) {
            log.warn("no API key is configured: every /v1 call will be answered 401. Set "
                    + "mediajobs.api.tenants.<tenant>.key-sha256 to the SHA-256 hex digest of a key "
                    + "(env MEDIAJOBS_API_TENANTS_<TENANT>_KEYSHA256=<hex>[,<hex>])");
        } else {
            log.info("API keys configured for tenants {}", entries.stream().map(Entry::tenant).distinct().toList());
        }
        return new TenantKeys(entries);
    }

    /** The tenant owning this key, if any. Looks at every digest whatever the outcome. */
    public Optional<String> authenticate(String presentedKey) {
        if (presentedKey == null || presentedKey.isEmpty()) {
            return Optional.empty();
        }
        byte[] digest = Hashing.newSha256().digest(presentedKey.getBytes(StandardCharsets.UTF_8));
        String match = null;
        for (Entry e : entries) {
            if (MessageDigest.isEqual(e.digest(), digest)) {
                match = e.tenant();
            }
        }
        return Optional.ofNullable(match);
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }
}
