package dev.polycsi.efs.params;

import dev.polycsi.efs.cloud.CrossAccountRole;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.Secrets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Cross-account provisioning from the provisioner secret, with aws-efs-csi-driver's keys:
 * {@code awsRoleArn} (the role of the file system's account that the controller assumes),
 * {@code externalId} (the sts:ExternalId its trust policy asks for) and {@code crossaccount}
 * ({@code true}: the node finds the mount target of its own zone through DNS, mount.efs's
 * {@code crossaccount} option, instead of the address the controller looked up). Without
 * awsRoleArn the other keys change nothing, as in the official driver. No message here shows a
 * secret's value.
 *
 * @param dnsResolution the secret's crossaccount
 */
public record CrossAccount(CrossAccountRole role, boolean dnsResolution) {

    public static final String ROLE_ARN = "awsRoleArn";
    public static final String EXTERNAL_ID = "externalId";
    public static final String CROSS_ACCOUNT = "crossaccount";

    private static final Pattern ROLE = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");
    /** STS's constraints on ExternalId. */
    private static final Pattern EXTERNAL_ID_VALUE = Pattern.compile("[\\w+=,.@:/-]{2,1224}");

    /** Empty when the secret names no role: the controller's own account. */
    public static Optional<CrossAccount> of(Secrets secrets) {
        // checked with or without a role, as the official driver does; its strconv.ParseBool spellings
        boolean dns = secrets.get(CROSS_ACCOUNT).map(value -> switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true", "t", "1" -> true;
            case "false", "f", "0" -> false;
            default -> throw CsiException.invalidArgument("secret '%s' must be true or false", CROSS_ACCOUNT);
        }).orElse(false);
        Optional<String> roleArn = secrets.get(ROLE_ARN).map(String::strip).filter(value -> !value.isEmpty());
        if (roleArn.isEmpty()) {
            return Optional.empty();
        }
        if (!ROLE.matcher(roleArn.get()).matches()) {
            throw CsiException.invalidArgument("secret '%s' is not an IAM role ARN (arn:aws:iam::<account id>:role/<name>)", ROLE_ARN);
        }
        Optional<String> externalId = secrets.get(EXTERNAL_ID).map(String::strip).filter(value -> !value.isEmpty());
        if (externalId.isPresent() && !EXTERNAL_ID_VALUE.matcher(externalId.get()).matches()) {
            throw CsiException.invalidArgument("secret '%s' must be 2 to 1224 letters, digits and +=,.@:/-_, as STS requires", EXTERNAL_ID);
        }
        return Optional.of(new CrossAccount(new CrossAccountRole(roleArn.get(), externalId), dns));
    }
}
