package dev.warren.resp.acl;

/** An ACL user: its name and its current {@link AclRules}, replaced as a whole when they change. */
public final class AclUser {
    private final String name;
    private volatile AclRules rules;
    private volatile boolean deleted;

    AclUser(String name, AclRules rules) {
        this.name = name;
        this.rules = rules;
    }

    public String name() {
        return name;
    }

    AclRules rules() {
        return rules;
    }

    void rules(AclRules r) {
        rules = r;
    }

    public boolean enabled() {
        return rules.enabled;
    }

    public boolean nopass() {
        return rules.nopass;
    }

    /** True once ACL DELUSER removed the user. */
    public boolean deleted() {
        return deleted;
    }

    void markDeleted() {
        deleted = true;
    }
}
