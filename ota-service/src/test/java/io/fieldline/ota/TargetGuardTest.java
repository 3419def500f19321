package io.fieldline.ota;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetAddress;

import io.fieldline.ota.fetch.TargetGuard;
import org.junit.jupiter.api.Test;

/** The SSRF rules of download_url, with private targets forbidden (production) and allowed (tests, dev). */
class TargetGuardTest {

    private final TargetGuard production = new TargetGuard(false);
    private final TargetGuard development = new TargetGuard(true);

    @Test
    void productionRefusesEveryInternalRange() throws Exception {
        for (String internal : new String[]{ "127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "::1",
                "fd12:3456::1", "169.254.169.254", "fe80::1", "0.0.0.0", "100.64.0.1", "224.0.0.1",
                "fd00:ec2::254" }) {
            assertNotNull(production.refusal(InetAddress.getByName(internal)), internal);
        }
        assertNull(production.refusal(InetAddress.getByName("93.184.215.14")));
        assertNull(production.refusal(InetAddress.getByName("2606:2800:21f:cb07:6820:80da:af6b:8b2c")));
    }

    @Test
    void developmentAllowsPrivateButNeverMetadataOrLinkLocal() throws Exception {
        for (String allowed : new String[]{ "127.0.0.1", "10.1.2.3", "192.168.1.1", "::1", "fd12:3456::1" }) {
            assertNull(development.refusal(InetAddress.getByName(allowed)), allowed);
        }
        for (String refused : new String[]{ "169.254.169.254", "fe80::1", "fd00:ec2::254", "0.0.0.0" }) {
            assertNotNull(development.refusal(InetAddress.getByName(refused)), refused);
        }
    }
}
