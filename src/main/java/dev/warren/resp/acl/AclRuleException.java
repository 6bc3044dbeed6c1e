package dev.warren.resp.acl;

/** An ACL SETUSER rule that cannot be applied; the message is Redis's reason text. */
public final class AclRuleException extends Exception {
    public AclRuleException(String reason) {
        super(reason, null, false, false);
    }
}
