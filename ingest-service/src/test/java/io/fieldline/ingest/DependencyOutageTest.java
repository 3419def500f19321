package io.fieldline.ingest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import io.fieldline.testsupport.Await;
import io.fieldline.testsupport.EmbeddedKafkaResource;
import io.fieldline.testsupport.EmbeddedPostgresResource;
import io.fieldline.testsupport.IdentityResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * Readiness follows the dependencies: DOWN within 10 s of PostgreSQL or Kafka going away, UP again after they
 * return, while liveness stays UP. (The probes live in service-support; every service shares them.)
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(IdentityResource.class)
class DependencyOutageTest {

    private static final Duration DOWN_WITHIN = Duration.ofSeconds(10);
    private static final Duration BACK_WITHIN = Duration.ofSeconds(30);

    @Test
    void readinessFollowsPostgres() {
        var postgres = EmbeddedPostgresResource.server();
        org.junit.jupiter.api.Assumptions.assumeTrue(postgres != null, "external PostgreSQL: cannot stop it");
        awaitReady(200, BACK_WITHIN);

        // WHEN PostgreSQL stops
        postgres.stop();
        try {
            // THEN readiness is DOWN within 10 s, liveness stays UP
            long start = System.nanoTime();
            awaitReady(503, DOWN_WITHIN);
            assertTrue(System.nanoTime() - start < DOWN_WITHIN.toNanos());
            given().when().get("/q/health/live").then().statusCode(200);
        } finally {
            // AND once it is back, readiness is UP again without a restart
            postgres.restart();
        }
        awaitReady(200, BACK_WITHIN);
    }

    @Test
    void readinessFollowsKafka() {
        var broker = EmbeddedKafkaResource.broker();
        org.junit.jupiter.api.Assumptions.assumeTrue(broker != null, "external Kafka: cannot stop it");
        awaitReady(200, BACK_WITHIN);

        broker.stop();
        try {
            awaitReady(503, DOWN_WITHIN);
            given().when().get("/q/health/live").then().statusCode(200);
        } finally {
            broker.restart();
        }
        awaitReady(200, BACK_WITHIN);
    }

    private static void awaitReady(int status, Duration within) {
        Await.until("readiness " + status, within,
                () -> given().when().get("/q/health/ready").statusCode() == status);
    }
}
