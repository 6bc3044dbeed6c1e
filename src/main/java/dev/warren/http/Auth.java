package dev.warren.http;

import dev.warren.broker.auth.User;
import dev.warren.broker.auth.UserStore;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

/**
 * HTTP basic authentication against Warren's users, and RabbitMQ's tag rules: bad or missing
 * credentials are 401, and so (as in RabbitMQ) is a user without the tag a route needs.
 */
final class Auth {
    private final UserStore users;

    Auth(UserStore users) {
        this.users = users;
    }

    User authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw HttpError.notAuthorised("Login failed");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw HttpError.notAuthorised("Login failed");
        }
        int colon = decoded.indexOf(':');
        User u = colon < 0 ? null : users.authenticate(decoded.substring(0, colon), decoded.substring(colon + 1));
        if (u == null) {
            throw HttpError.notAuthorised("Login failed");
        }
        return u;
    }

    static void require(User u, Access access) {
        switch (access) {
            case PUBLIC -> { }
            case MANAGEMENT -> {
                if (!isManagement(u)) {
                    throw HttpError.notAllowed("Not management user");
                }
            }
            case POLICYMAKER -> {
                if (!isPolicymaker(u)) {
                    throw HttpError.notAllowed("Not policymaker user");
                }
            }
            case MONITORING -> {
                if (!isMonitor(u)) {
                    throw HttpError.notAllowed("Not monitor user");
                }
            }
            case ADMINISTRATOR -> {
                if (!isAdmin(u)) {
                    throw HttpError.notAllowed("Not administrator user");
                }
            }
        }
    }

    static boolean isAdmin(User u) {
        return u.tags().contains("administrator");
    }

    static boolean isPolicymaker(User u) {
        return isAdmin(u) || u.tags().contains("policymaker");
    }

    static boolean isMonitor(User u) {
        return isAdmin(u) || u.tags().contains("monitoring");
    }

    static boolean isManagement(User u) {
        Set<String> t = u.tags();
        return isMonitor(u) || t.contains("management") || t.contains("policymaker");
    }

    /** Monitoring and administrator users see every vhost; others only those they have permissions in. */
    static boolean maySee(User u, String vhost) {
        return isMonitor(u) || u.mayAccess(vhost);
    }
}
