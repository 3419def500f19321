package io.fieldline.gateway.protection;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class CorsPolicyTest {

    @Test
    void refusesAWildcardOriginWithCredentials() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> CorsPolicy.validate(List.of("https://app.example.com", " * "), true));
        assertTrue(refused.getMessage().contains("fieldline.protection.cors.origins"), refused.getMessage());
        assertTrue(refused.getMessage().contains("allow-credentials"), refused.getMessage());
    }

    @Test
    void acceptsAWildcardWithoutCredentialsAndListedOriginsWithThem() {
        assertDoesNotThrow(() -> CorsPolicy.validate(List.of("*"), false));
        assertDoesNotThrow(() -> CorsPolicy.validate(List.of("https://app.example.com"), true));
        assertDoesNotThrow(() -> CorsPolicy.validate(List.of(), true));
    }
}
