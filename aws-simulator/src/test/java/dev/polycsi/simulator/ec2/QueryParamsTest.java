package dev.polycsi.simulator.ec2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.polycsi.simulator.http.AwsError;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QueryParamsTest {

    @Test
    void numberedMembersComeInNumericOrderDespiteGaps() {
        QueryParams params = new QueryParams(Map.of("VolumeId.10", "c", "VolumeId.2", "b", "VolumeId.1", "a", "VolumeIdentity", "x"));

        assertEquals(List.of("a", "b", "c"), params.list("VolumeId"));
    }

    @Test
    void filtersCarryTheirValues() {
        QueryParams params = new QueryParams(Map.of("Filter.1.Name", "tag:team", "Filter.1.Value.1", "db", "Filter.1.Value.2", "web",
                "Filter.2.Name", "status"));

        assertEquals(List.of(new Filter("tag:team", List.of("db", "web")), new Filter("status", List.of())), params.filters());
    }

    @Test
    void tagSpecificationsAreForOneResourceType() {
        QueryParams volume = new QueryParams(Map.of("TagSpecification.1.ResourceType", "volume",
                "TagSpecification.1.Tag.1.Key", "a", "TagSpecification.1.Tag.1.Value", "1",
                "TagSpecification.1.Tag.2.Key", "b"));

        assertEquals(Map.of("a", "1", "b", ""), volume.tagSpecification("volume"));
        assertEquals("InvalidParameterValue", assertThrows(AwsError.class, () -> volume.tagSpecification("snapshot")).code());
    }

    @Test
    void tagsToDeleteTellAbsentValuesFromEmptyOnes() {
        QueryParams params = new QueryParams(Map.of("Tag.1.Key", "a", "Tag.2.Key", "b", "Tag.2.Value", ""));

        assertEquals(Map.of("a", Optional.empty(), "b", Optional.of("")), params.tagsToDelete("Tag"));
    }

    @Test
    void typedValuesAreCheckedAsEc2ChecksThem() {
        QueryParams params = new QueryParams(Map.of("Size", "ten", "Encrypted", "maybe", "DryRun", "true"));

        assertEquals("InvalidParameterValue", assertThrows(AwsError.class, () -> params.integer("Size")).code());
        assertEquals("InvalidParameterValue", assertThrows(AwsError.class, () -> params.bool("Encrypted")).code());
        assertEquals("MissingParameter", assertThrows(AwsError.class, () -> params.required("VolumeId")).code());
        AwsError dryRun = assertThrows(AwsError.class, params::stopIfDryRun);
        assertEquals("DryRunOperation", dryRun.code());
        assertEquals(412, dryRun.status());
    }

    @Test
    void withoutDropsTheNamedParameters() {
        QueryParams params = new QueryParams(Map.of("Action", "CreateVolume", "ClientToken", "t", "Size", "10"));

        assertEquals(Map.of("Size", "10"), params.without(Set.of("Action", "ClientToken")));
    }
}
