package io.fieldline.deploy.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * One scrape of a service's Prometheus endpoint ({@code /q/metrics}), to report what a benchmark phase changed: the
 * sum of a counter, or the percentiles of a timer's histogram over the observations made between two scrapes.
 */
final class MetricsScrape {

    // HTTP/1.1: the JDK client's default h2c upgrade attempt on the services' plain-HTTP endpoint garbled the answer.
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final String text;

    private MetricsScrape(String text) {
        this.text = text;
    }

    /** Scrapes the service's {@code /q/metrics}. */
    static MetricsScrape of(URI service) throws Exception {
        URI endpoint = service.resolve("/q/metrics");
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(5))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(endpoint + " answered " + response.statusCode());
        }
        return new MetricsScrape(response.body());
    }

    /** The sum of every series of a metric (e.g. a counter over all its tags). */
    double sum(String metric) {
        return text.lines().filter(line -> line.startsWith(metric + " ") || line.startsWith(metric + "{"))
                .mapToDouble(MetricsScrape::value).sum();
    }

    /**
     * The upper bound, in milliseconds, of the histogram bucket holding the q-quantile of the observations a timer
     * made since {@code earlier}: -1 if it made none, infinity if it lies beyond the largest bucket. Bucket bounds
     * make it an "at most" figure.
     */
    double percentileMillis(MetricsScrape earlier, String timer, double q) {
        Map<Double, Double> before = earlier.buckets(timer);
        Map<Double, Double> now = buckets(timer);
        double total = now.getOrDefault(Double.POSITIVE_INFINITY, 0.0)
                - before.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
        if (total <= 0) {
            return -1;
        }
        for (Map.Entry<Double, Double> bucket : now.entrySet()) {
            if (bucket.getValue() - before.getOrDefault(bucket.getKey(), 0.0) >= q * total) {
                return bucket.getKey() * 1000;
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    // Cumulative counts by upper bound (seconds), summed over the timer's series.
    private Map<Double, Double> buckets(String timer) {
        Map<Double, Double> buckets = new TreeMap<>();
        String prefix = timer + "_seconds_bucket{";
        text.lines().filter(line -> line.startsWith(prefix)).forEach(line -> {
            int from = line.indexOf("le=\"") + 4;
            String bound = line.substring(from, line.indexOf('"', from));
            double le = "+Inf".equals(bound) ? Double.POSITIVE_INFINITY : Double.parseDouble(bound);
            buckets.merge(le, value(line), Double::sum);
        });
        return buckets;
    }

    private static double value(String line) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }
}
