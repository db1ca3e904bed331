package dev.polycsi.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The AWS actions a backend's code calls, read from its sources: SDK operations become IAM
 * actions (ec2:CreateVolume, elasticfilesystem:CreateAccessPoint), plus the actions AWS
 * authorizes on the side (tags given at creation need ec2:CreateTags / elasticfilesystem:TagResource).
 */
final class AwsCalls {

    /** EBS calls EC2 through Ec2Clients.forAction("Action"), one client per throttle class. */
    private static final Pattern EC2_ACTION = Pattern.compile("forAction\\(\"(\\w+)\"\\)");
    /** EFS calls the SDK's EfsClient, held in a field named efs. */
    private static final Pattern EFS_CALL = Pattern.compile("\\befs\\.(\\w+)\\(");

    private AwsCalls() {
    }

    static Set<String> ebs() {
        Set<String> actions = new TreeSet<>();
        for (String source : sources("backend-ebs")) {
            Matcher m = EC2_ACTION.matcher(source);
            while (m.find()) {
                actions.add("ec2:" + m.group(1));
            }
            if (source.contains(".tagSpecifications(")) {
                actions.add("ec2:CreateTags");
            }
        }
        return actions;
    }

    static Set<String> efs() {
        Set<String> actions = new TreeSet<>();
        for (String source : sources("backend-efs")) {
            if (!source.contains("import software.amazon.awssdk.services.efs.EfsClient;")) {
                continue;
            }
            Matcher m = EFS_CALL.matcher(source);
            while (m.find()) {
                String method = m.group(1).replaceFirst("Paginator$", "");
                if (!method.equals("close")) {
                    actions.add("elasticfilesystem:" + Character.toUpperCase(method.charAt(0)) + method.substring(1));
                }
            }
            if (source.contains(".tags(tags")) {
                actions.add("elasticfilesystem:TagResource");
            }
        }
        return actions;
    }

    private static List<String> sources(String module) {
        Path root = Repo.root().resolve(module).resolve("src/main/java");
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".java")).map(Repo::read).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
