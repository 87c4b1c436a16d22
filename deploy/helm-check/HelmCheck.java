import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lints helm/mediajobs and renders it under a few value sets, checking what each must produce. Run by
 * scripts/check-helm.sh (which fetches helm-java); {@code --print k=v…} prints one rendering instead.
 */
public final class HelmCheck {

    private static final Pattern KIND = Pattern.compile("(?m)^kind: (\\w+)$");
    private static final String KUBE_VERSION = "1.30.0";

    private final Path chart;
    private final List<String> failures = new ArrayList<>();

    private HelmCheck(Path chart) {
        this.chart = chart;
    }

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: HelmCheck CHART_DIR [--print key=value...]");
            System.exit(2);
        }
        HelmCheck check = new HelmCheck(Path.of(args[0]));
        if (args.length > 1 && args[1].equals("--print")) {
            System.out.print(check.render(List.of(args).subList(2, args.length)));
            return;
        }
        check.run();
    }

    private void run() {
        lint();
        expect("defaults", List.of(),
                Map.of("Deployment", 4, "Service", 4, "ServiceAccount", 1, "PodDisruptionBudget", 4),
                List.of("path: /actuator/health/liveness", "path: /actuator/health/readiness",
                        "prometheus.io/scrape: \"true\"", "name: mediajobs-secrets", "runAsNonRoot: true",
                        "image: \"mediajobs/api-service:"));
        expect("ingress, one replica, no storage", List.of("ingress.enabled=true", "ingress.className=nginx",
                        "services.poller.replicas=1", "services.storage.enabled=false", "serviceAccount.create=false"),
                Map.of("Deployment", 3, "Service", 3, "Ingress", 1, "PodDisruptionBudget", 2),
                List.of("ingressClassName: nginx", "name: mj-mediajobs-api"));
        expect("Redis URL from the Secret", List.of("redis.url=", "secrets.env.MEDIAJOBS_REDIS_URL=redis-url"),
                Map.of("Deployment", 4),
                List.of("key: redis-url"));
        if (failures.isEmpty()) {
            System.out.println("helm chart check: OK");
        } else {
            failures.forEach(f -> System.out.println("FAILED: " + f));
            System.exit(1);
        }
    }

    private void lint() {
        LintResult lint = new Helm(chart).lint().strict().call();
        lint.getMessages().forEach(m -> System.out.println("lint: " + m));
        if (lint.isFailed()) {
            failures.add("helm lint --strict");
        }
    }

    private String render(List<String> sets) {
        TemplateCommand template = new Helm(chart).template().withName("mj").withNamespace("media")
                .withKubeVersion(KUBE_VERSION);
        for (String set : sets) {
            String[] kv = set.split("=", 2);
            template = template.set(kv[0], kv.length > 1 ? kv[1] : "");
        }
        return template.call();
    }

    private void expect(String name, List<String> sets, Map<String, Integer> kinds, List<String> snippets) {
        String out;
        try {
            out = render(sets);
        } catch (RuntimeException e) {
            failures.add(name + ": helm template failed: " + e.getMessage());
            return;
        }
        Map<String, Integer> counted = new TreeMap<>();
        Matcher m = KIND.matcher(out);
        while (m.find()) {
            counted.merge(m.group(1), 1, Integer::sum);
        }
        kinds.forEach((kind, count) -> {
            if (!count.equals(counted.getOrDefault(kind, 0))) {
                failures.add(name + ": expected " + count + " " + kind + ", rendered " + counted);
            }
        });
        snippets.stream().filter(s -> !out.contains(s))
                .forEach(s -> failures.add(name + ": rendered manifests lack '" + s + "'"));
        if (out.contains("\t")) {
            failures.add(name + ": a tab in the rendered YAML");
        }
        System.out.println("rendered " + name + ": " + counted);
    }
}
