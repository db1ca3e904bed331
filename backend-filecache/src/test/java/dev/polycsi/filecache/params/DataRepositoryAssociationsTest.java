package dev.polycsi.filecache.params;

import static dev.polycsi.filecache.params.Requests.faultAt;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class DataRepositoryAssociationsTest {

    private static final String KEY = DataRepositoryAssociations.KEY;
    /** Marks where a fault is expected in the table below; removed before parsing. */
    private static final char HERE = '»';

    private static List<DataRepositoryAssociation> parse(String text) {
        return DataRepositoryAssociations.parse(text);
    }

    private static DataRepositoryAssociation s3(String cachePath, String repositoryPath) {
        return DataRepositoryAssociation.s3(cachePath, repositoryPath);
    }

    private static DataRepositoryAssociation nfs(String cachePath, String repositoryPath, List<String> subdirectories, String... dnsIps) {
        return DataRepositoryAssociation.nfs(cachePath, repositoryPath, subdirectories, new NfsConfiguration(NfsVersion.NFS3, List.of(dnsIps)));
    }

    static Stream<Arguments> valid() {
        return Stream.of(
                Arguments.of("FileCachePath=/ns1/,DataRepositoryPath=s3://bucket/prefix/", List.of(s3("/ns1/", "s3://bucket/prefix/"))),
                Arguments.of("FileCachePath=/ns1,DataRepositoryPath=s3://bucket", List.of(s3("/ns1", "s3://bucket"))),
                Arguments.of("DataRepositoryPath=s3://my.bucket-1/a/b,FileCachePath=/x/y/z", List.of(s3("/x/y/z", "s3://my.bucket-1/a/b"))),
                Arguments.of("FileCachePath=/hive,DataRepositoryPath=s3://lake/year=2024/month=05/",
                        List.of(s3("/hive", "s3://lake/year=2024/month=05/"))),
                Arguments.of("FileCachePath=/ns1/,DataRepositoryPath=nfs://filer.example.com/export/a",
                        List.of(nfs("/ns1/", "nfs://filer.example.com/export/a", List.of()))),
                Arguments.of("FileCachePath=/ns1/,DataRepositoryPath=nfs://10.0.92.69/,NFS={Version=NFS3},"
                                + "DataRepositorySubdirectories=[subdir1,subdir2,subdir3]",
                        List.of(nfs("/ns1/", "nfs://10.0.92.69/", List.of("subdir1", "subdir2", "subdir3")))),
                Arguments.of("FileCachePath=/ns1/,DataRepositoryPath=nfs://filer,DataRepositorySubdirectories=[/export1,/export2],"
                                + "NFS={DnsIps=[10.0.0.2,fd00::53],Version=NFS3}",
                        List.of(nfs("/ns1/", "nfs://filer", List.of("/export1", "/export2"), "10.0.0.2", "fd00::53"))),
                Arguments.of("FileCachePath=/,DataRepositoryPath=nfs://filer.example.com,DataRepositorySubdirectories=[/vol1]",
                        List.of(nfs("/", "nfs://filer.example.com", List.of("/vol1")))),
                Arguments.of("FileCachePath=/ns1,DataRepositoryPath=s3://bucket/a FileCachePath=/ns10,DataRepositoryPath=s3://bucket/b",
                        List.of(s3("/ns1", "s3://bucket/a"), s3("/ns10", "s3://bucket/b"))),
                Arguments.of("  FileCachePath=/a/b,DataRepositoryPath=nfs://f/x\n\tFileCachePath=/a/c,DataRepositoryPath=nfs://f/y  ",
                        List.of(nfs("/a/b", "nfs://f/x", List.of()), nfs("/a/c", "nfs://f/y", List.of()))));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("valid")
    void validAssociationsParseIntoTheirRecords(String text, List<DataRepositoryAssociation> expected) {
        List<DataRepositoryAssociation> parsed = parse(text);
        assertEquals(expected, parsed);
        assertEquals(parsed, parse(DataRepositoryAssociations.format(parsed)), "the shorthand of the records parses back to them");
    }

    @Test
    void anNfsAssociationWithoutAnNfsGroupGetsNfs3() {
        DataRepositoryAssociation association = parse("FileCachePath=/a,DataRepositoryPath=nfs://f/x").getFirst();
        assertEquals(RepositoryType.NFS, association.repositoryType());
        assertEquals(NfsConfiguration.nfs3(), association.nfs().orElseThrow());
        assertEquals(RepositoryType.S3, parse(Requests.S3_ASSOCIATION).getFirst().repositoryType());
    }

    @Test
    void upToEightAssociationsAreAccepted() {
        String eight = IntStream.rangeClosed(1, 8).mapToObj(i -> "FileCachePath=/ns" + i + ",DataRepositoryPath=s3://bucket/p" + i)
                .collect(Collectors.joining(" "));
        assertEquals(8, parse(eight).size());
        String nine = eight + " FileCachePath=/ns9,DataRepositoryPath=s3://bucket/p9";
        faultAt(() -> parse(nine), KEY, nine.lastIndexOf("FileCachePath") + 1, "association 9", "at most 8");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            // nothing
            "»                                                                        | no association",
            "\"»   \"                                                                 | no association",
            // grammar faults, reported by the shorthand parser
            "FileCachePath=/a,»NFS,DataRepositoryPath=s3://bucket                     | 'NFS' is not Key=Value",
            "FileCachePath=/a,DataRepositoryPath=nfs://f,DataRepositorySubdirectories=»[a,b | '[' is never closed",
            "FileCachePath=/a,DataRepositoryPath=s3://bucket,»FileCachePath=/b        | key 'FileCachePath' is given twice",
            // keys
            "»DataRepositoryPath=s3://bucket/p                                        | association 1 has no 'FileCachePath'",
            "»FileCachePath=/a                                                        | association 1 has no 'DataRepositoryPath'",
            "FileCachePath=/a,DataRepositoryPath=s3://bucket/p »fileCachePath=/b,DataRepositoryPath=s3://bucket/q | unknown key 'fileCachePath' in association 2 (keys are case-sensitive: write FileCachePath)",
            "FileCachePath=/a,DataRepositoryPath=s3://bucket/p,»AutoImportPolicy=NEW  | unknown key 'AutoImportPolicy' in association 1; allowed: FileCachePath, DataRepositoryPath",
            "FileCachePath=»[a],DataRepositoryPath=s3://bucket                        | 'FileCachePath' in association 1 takes a single value, not a list",
            "FileCachePath=/a,DataRepositoryPath=nfs://f,DataRepositorySubdirectories=»x | 'DataRepositorySubdirectories' in association 1 takes a list",
            "FileCachePath=/a,DataRepositoryPath=nfs://f/x,NFS=»NFS3                  | 'NFS' in association 1 takes a group in braces",
            // FileCachePath
            "FileCachePath=»ns1/,DataRepositoryPath=s3://bucket                       | 'FileCachePath' ns1/ must start with '/'",
            "FileCachePath=»/a/../b,DataRepositoryPath=s3://bucket                    | '.' or '..' component",
            "FileCachePath=»/,DataRepositoryPath=s3://bucket                          | the cache root, which an S3 repository cannot have",
            "FileCachePath=»//,DataRepositoryPath=s3://bucket                         | the cache root",
            "FileCachePath=»/,DataRepositoryPath=nfs://f/x                            | only an NFS repository with 'DataRepositorySubdirectories'",
            "FileCachePath=»/,DataRepositoryPath=nfs://f,DataRepositorySubdirectories=[a] FileCachePath=/b,DataRepositoryPath=nfs://f/y | must be the only association (there are 2)",
            "FileCachePath=/ns1/,DataRepositoryPath=s3://bucket/a FileCachePath=»/ns1/ns2,DataRepositoryPath=s3://bucket/b | 'FileCachePath' /ns1/ns2 is inside 'FileCachePath' /ns1/ of association 1 (character 15)",
            "FileCachePath=/ns1,DataRepositoryPath=s3://bucket/a FileCachePath=»/ns1/,DataRepositoryPath=s3://bucket/b | is the same path as 'FileCachePath' /ns1",
            "FileCachePath=/a/b,DataRepositoryPath=s3://bucket/a FileCachePath=»/a,DataRepositoryPath=s3://bucket/b | /a contains 'FileCachePath' /a/b",
            "FileCachePath=/x,DataRepositoryPath=s3://bucket/x FileCachePath=/a/b,DataRepositoryPath=s3://bucket/a FileCachePath=»/a//b/c/,DataRepositoryPath=s3://bucket/b | of association 2",
            // DataRepositoryPath
            "FileCachePath=/a,DataRepositoryPath=»S3://bucket                         | neither s3://BUCKET[/PREFIX] nor nfs://HOST[/EXPORT] (the scheme is lower-case)",
            "FileCachePath=/a,DataRepositoryPath=»https://bucket                      | 'DataRepositoryPath' https://bucket is neither",
            "FileCachePath=/a,DataRepositoryPath=»s3://Bucket                         | is not s3://BUCKET or s3://BUCKET/PREFIX",
            "FileCachePath=/a,DataRepositoryPath=»s3://ab/x                           | is not s3://BUCKET",
            "FileCachePath=/a,DataRepositoryPath=»s3://-bucket                        | is not s3://BUCKET",
            "FileCachePath=/a,DataRepositoryPath=»nfs://filer                         | nfs://filer names no export: write nfs://filer/EXPORT",
            "FileCachePath=/a,DataRepositoryPath=»nfs://filer/                        | names no export",
            "FileCachePath=/a,DataRepositoryPath=»nfs://filer/export,DataRepositorySubdirectories=[x] | with 'DataRepositorySubdirectories', 'DataRepositoryPath' is the NFS server alone, nfs://filer",
            "FileCachePath=/a,DataRepositoryPath=»nfs://999.1.1.1/x                   | is not nfs://HOST/EXPORT or nfs://HOST",
            "FileCachePath=/a,DataRepositoryPath=»nfs://fi_ler/x                      | is not nfs://HOST/EXPORT",
            "FileCachePath=/a,DataRepositoryPath=»nfs:///x                            | is not nfs://HOST/EXPORT",
            "FileCachePath=/a,DataRepositoryPath=s3://bucket FileCachePath=/b,DataRepositoryPath=»nfs://f/x | 'DataRepositoryPath' nfs://f/x is NFS, but association 1's (s3://bucket, character 37) is S3",
            // S3 associations take no NFS settings
            "FileCachePath=/a,DataRepositoryPath=s3://bucket,»DataRepositorySubdirectories=[x] | 'DataRepositorySubdirectories' is for NFS repositories, and 'DataRepositoryPath' s3://bucket is S3",
            "FileCachePath=/a,»NFS={Version=NFS3},DataRepositoryPath=s3://bucket      | 'NFS' is for NFS repositories",
            // NFS settings
            "FileCachePath=/a,DataRepositoryPath=nfs://f/x,NFS={Version=»NFS4}        | 'Version' NFS4: File Cache links NFS3 repositories only",
            "FileCachePath=/a,DataRepositoryPath=nfs://f/x,NFS={Version=»nfs3}        | (values are case-sensitive: write NFS3)",
            "FileCachePath=/a,DataRepositoryPath=nfs://f/x,NFS=»{DnsIps=[10.0.0.1]}   | NFS of association 1 has no 'Version'",
            "FileCachePath=/a,DataRepositoryPath=nfs://f/x,NFS={Version=NFS3,»Mount=x} | unknown key 'Mount' in NFS of association 1",
            "FileCachePath=/a,DataRepositoryPath=nfs://f/x,NFS={Version=NFS3,DnsIps=[10.0.0.1,»10.0.0.256]} | 'DnsIps' 10.0.0.256 is not an IPv4 or IPv6 address",
            "FileCachePath=/a,DataRepositoryPath=nfs://f/x,NFS={Version=NFS3,DnsIps=[»010.0.0.1]} | not an IPv4 or IPv6 address",
            "FileCachePath=/a,DataRepositoryPath=nfs://f/x,NFS={Version=NFS3,DnsIps=[»fd00:::1]} | not an IPv4 or IPv6 address",
            "FileCachePath=/a,DataRepositoryPath=nfs://f/x,NFS={Version=NFS3,DnsIps=[10.0.0.1,»10.0.0.1]} | 'DnsIps' lists 10.0.0.1 twice",
            "FileCachePath=/a,DataRepositoryPath=nfs://f,DataRepositorySubdirectories=[a,»a] | 'DataRepositorySubdirectories' lists a twice",
    })
    void faultsAreReportedAtTheirPositionNamingTheKeys(String marked, String reason) {
        fault(marked, reason);
    }

    /** Parses {@code marked} without its '»', which must fail there with a message holding {@code reason}. */
    static String fault(String marked, String reason) {
        int character = marked.indexOf(HERE) + 1;
        String text = marked.replace(String.valueOf(HERE), "");
        return faultAt(() -> parse(text), KEY, character, reason);
    }

    @Test
    void listsAndPathsAreHeldToFsxsLimits() {
        String base = "FileCachePath=/a,DataRepositoryPath=nfs://f,DataRepositorySubdirectories=[";
        String five00 = IntStream.range(0, 500).mapToObj(i -> "/e" + i).collect(Collectors.joining(","));
        assertEquals(500, parse(base + five00 + "]").getFirst().dataRepositorySubdirectories().size());
        String text = base + five00 + ",/e500]";
        faultAt(() -> parse(text), KEY, text.indexOf("/e500") + 1, "more than 500 entries");

        String nfs = "FileCachePath=/a,DataRepositoryPath=nfs://f/x,NFS={Version=NFS3,DnsIps=[";
        String ten = IntStream.range(0, 10).mapToObj(i -> "10.0.0." + i).collect(Collectors.joining(","));
        assertEquals(10, parse(nfs + ten + "]}").getFirst().nfs().orElseThrow().dnsIps().size());
        String eleven = nfs + ten + ",10.0.0.10]}";
        faultAt(() -> parse(eleven), KEY, eleven.indexOf("10.0.0.10") + 1, "more than 10 addresses");

        String longPath = "FileCachePath=/" + "a".repeat(4096) + ",DataRepositoryPath=s3://bucket";
        faultAt(() -> parse(longPath), KEY, 15, "longer than 4096");
        String longPrefix = "FileCachePath=/a,DataRepositoryPath=s3://bucket/" + "p".repeat(4357);
        faultAt(() -> parse(longPrefix), KEY, 37, "at most 4357");
    }

    @Test
    void theSchemaReportsTheSameFaultUnchanged() {
        String text = "FileCachePath=/a,NFS,DataRepositoryPath=s3://bucket";
        String direct = faultAt(() -> parse(text), KEY, 18);
        String viaSchema = faultAt(() -> VolumeParameters.SCHEMA.parse(Requests.storageClass(KEY, text)), KEY, 18);
        assertEquals(direct, viaSchema);
        assertEquals(List.of(s3("/ns1/", "s3://training-data/set1/")),
                Requests.resolve().dataRepositoryAssociations(), "the helper's association");
        assertEquals(Map.of(), Requests.resolve().extraTags());
    }
}
