package dev.polycsi.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The AWS actions a backend's code calls, read from its sources: SDK operations become IAM
 * actions (ec2:CreateVolume, elasticfilesystem:CreateAccessPoint, fsx:CreateFileSystem,
 * fsx:CreateFileCache, fsx:CreateVolume), plus the actions AWS authorizes on the side (tags given
 * at creation need ec2:CreateTags / elasticfilesystem:TagResource / fsx:TagResource).
 */
final class AwsCalls {

    /** EBS calls EC2 through Ec2Clients.forAction("Action"), one client per throttle class. */
    private static final Pattern EC2_ACTION = Pattern.compile("forAction\\(\"(\\w+)\"\\)");
    /** EFS calls the SDK's EfsClient, held in a field named efs. */
    private static final Pattern EFS_CALL = Pattern.compile("\\befs\\.(\\w+)\\(");
    /**
     * FSx for Lustre, File Cache and FSx for ONTAP call the SDK's FSxClient, held in a field named
     * fsx (SdkLustreCloud, SdkFileCacheCloud, SdkOntapCloud).
     */
    private static final Pattern FSX_CALL = Pattern.compile("\\bfsx\\.(\\w+)\\(");
    /** Tags set on a request builder ({@code .tags(list)}), not read from a response ({@code fs.tags()}). */
    private static final Pattern FSX_TAGS_SENT = Pattern.compile("\\.tags\\((?!\\))");

    /**
     * What FSx asks of the caller's credentials when the backend's CreateFileSystem makes a Lustre
     * file system, beyond the call itself: actions the code never names, which fsx-lustre.json
     * grants for FSx's sake, each with why. Sources: the FSx for Lustre User Guide, "Adding
     * permissions to use data repositories in Amazon S3" and "Using service-linked roles"; the
     * AWS managed policy AmazonFSxFullAccess (v11), which grants the EC2 look-ups only with
     * {@code aws:CalledVia} fsx.amazonaws.com; the Service Authorization Reference, which lists
     * ec2:GetSecurityGroupsForVpc as a dependent action of fsx:CreateFileSystem.
     */
    static final Map<String, String> FSX_LUSTRE_ON_FSX_BEHALF = Map.of(
            "iam:CreateServiceLinkedRole", "FSx creates its service-linked roles on the first CreateFileSystem: "
                    + "AWSServiceRoleForAmazonFSx (fsx.amazonaws.com, the file servers' network interfaces) and, for an "
                    + "s3ImportPath, AWSServiceRoleForFSxS3Access_fs-… (s3.data-source.lustre.fsx.amazonaws.com)",
            "iam:AttachRolePolicy", "s3ImportPath: FSx attaches the bucket's access policy to the file system's "
                    + "s3.data-source.lustre.fsx.amazonaws.com role (without it, FSx would need s3:PutBucketPolicy instead)",
            "iam:PutRolePolicy", "s3ImportPath: as iam:AttachRolePolicy, on the same service-linked role",
            "ec2:DescribeSubnets", "FSx looks up the request's subnetId with the caller's credentials; AmazonFSxFullAccess "
                    + "grants it for that (aws:CalledVia fsx.amazonaws.com)",
            "ec2:DescribeSecurityGroups", "FSx looks up the request's securityGroupIds (or the VPC's default group) with the "
                    + "caller's credentials; AmazonFSxFullAccess grants it for that (aws:CalledVia fsx.amazonaws.com)",
            "ec2:DescribeVpcs", "FSx looks up the subnet's VPC with the caller's credentials; AmazonFSxFullAccess grants it "
                    + "for that (aws:CalledVia fsx.amazonaws.com)",
            "ec2:GetSecurityGroupsForVpc", "a dependent action of fsx:CreateFileSystem in the Service Authorization "
                    + "Reference; AmazonFSxFullAccess grants it for FSx's calls (aws:CalledVia fsx.amazonaws.com)");

    /**
     * What FSx asks of the caller's credentials when the backend's CreateFileCache and
     * DeleteFileCache make and delete a cache, beyond the calls themselves: actions the code never
     * names, which filecache.json grants for FSx's sake, each with why. Sources: the Service
     * Authorization Reference for Amazon FSx, whose table of API operations maps CreateFileCache
     * to fsx:CreateFileCache, fsx:CreateDataRepositoryAssociation and fsx:TagResource, and
     * DeleteFileCache to fsx:DeleteFileCache and fsx:DeleteDataRepositoryAssociation (the
     * CreateDataRepositoryAssociation and DeleteDataRepositoryAssociation APIs themselves take
     * FSx for Lustre file systems only, not caches); the Amazon File Cache User Guide, "Setting
     * up" (adding permissions to use data repositories in Amazon S3) and "Using service-linked
     * roles"; and AmazonFSxFullAccess as that guide lists it, which grants the EC2 look-ups only
     * with {@code aws:CalledVia} fsx.amazonaws.com. An NFS repository asks nothing of IAM (the
     * guide's NFS prerequisites are network ones).
     */
    static final Map<String, String> FILECACHE_ON_FSX_BEHALF = Map.of(
            "fsx:CreateDataRepositoryAssociation", "the data repository associations CreateFileCache creates with the cache: "
                    + "the Service Authorization Reference maps the CreateFileCache API to this action too",
            "fsx:DeleteDataRepositoryAssociation", "the associations DeleteFileCache deletes with the cache: the Service "
                    + "Authorization Reference maps the DeleteFileCache API to this action too",
            "iam:CreateServiceLinkedRole", "FSx creates its service-linked roles on the first CreateFileCache: "
                    + "AWSServiceRoleForAmazonFSx (fsx.amazonaws.com, the cache's network interfaces) and, for an S3 repository, "
                    + "the S3 data source's role (s3.data-source.lustre.fsx.amazonaws.com), as the File Cache User Guide says",
            "iam:AttachRolePolicy", "S3 repository: FSx attaches the bucket's access policy to the s3.data-source.lustre.fsx.amazonaws.com "
                    + "role (File Cache User Guide, Setting up; without it, FSx would need s3:PutBucketPolicy instead)",
            "iam:PutRolePolicy", "S3 repository: as iam:AttachRolePolicy, on the same service-linked role",
            "ec2:DescribeSubnets", "FSx looks up the request's subnet with the caller's credentials; AmazonFSxFullAccess "
                    + "grants it for that (aws:CalledVia fsx.amazonaws.com)",
            "ec2:DescribeSecurityGroups", "FSx looks up the request's securityGroupIds (or the VPC's default group) with the "
                    + "caller's credentials; AmazonFSxFullAccess grants it for that (aws:CalledVia fsx.amazonaws.com)",
            "ec2:DescribeVpcs", "FSx looks up the subnet's VPC with the caller's credentials; AmazonFSxFullAccess grants it "
                    + "for that (aws:CalledVia fsx.amazonaws.com)");

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

    static Set<String> fsxLustre() {
        return fsx("backend-fsx-lustre", source -> sendsTagsWith(source, "CreateFileSystemRequest"));
    }

    static Set<String> fileCache() {
        return fsx("backend-filecache", source -> sendsTagsWith(source, "CreateFileCacheRequest"));
    }

    /**
     * SdkOntapCloud builds its requests in lambdas, without naming their classes: tags sent in
     * any of its FSxClient calls (CreateVolume, CreateVolumeFromBackup and CreateBackup send
     * them, DeleteVolume sends its final backup's as FinalBackupTags) need fsx:TagResource.
     */
    static Set<String> fsxOntap() {
        return fsx("backend-fsx-ontap", source -> callsFsx(source)
                && (FSX_TAGS_SENT.matcher(source).find() || source.contains(".finalBackupTags(")));
    }

    /** Whether a source sends tags in the request {@code createRequest} (a class of the FSx model it imports). */
    private static boolean sendsTagsWith(String source, String createRequest) {
        return source.contains("import software.amazon.awssdk.services.fsx.model." + createRequest + ";")
                && FSX_TAGS_SENT.matcher(source).find();
    }

    private static boolean callsFsx(String source) {
        return source.contains("import software.amazon.awssdk.services.fsx.FSxClient;");
    }

    /** The FSxClient calls of {@code module}, and fsx:TagResource where a source {@code sendsTags} when creating. */
    private static Set<String> fsx(String module, Predicate<String> sendsTags) {
        Set<String> actions = new TreeSet<>();
        for (String source : sources(module)) {
            if (callsFsx(source)) {
                Matcher m = FSX_CALL.matcher(source);
                while (m.find()) {
                    String method = m.group(1).replaceFirst("Paginator$", "");
                    if (!method.equals("close")) {
                        actions.add("fsx:" + Character.toUpperCase(method.charAt(0)) + method.substring(1));
                    }
                }
            }
            // Tags given when FSx creates something: FSx authorizes fsx:TagResource too.
            if (sendsTags.test(source)) {
                actions.add("fsx:TagResource");
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
