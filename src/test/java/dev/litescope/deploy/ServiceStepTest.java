package dev.litescope.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.litescope.testsupport.http.LoopbackJson;
import org.junit.jupiter.api.Test;

/** When a deployed service already is what the definition asks for, and when not. */
class ServiceStepTest {
    private static JsonNode json(String s) throws Exception {
        return LoopbackJson.MAPPER.readTree(s.replace('\'', '"'));
    }

    @Test
    void fieldsTheServerAddsAndDefaultsItLeavesOutAreNoDifference() throws Exception {
        JsonNode wanted = json("{'template':{'scaling':{'minInstanceCount':0,'maxInstanceCount':1},"
                + "'containers':[{'image':'i@sha256:1','resources':{'cpuIdle':false},'args':[]}]}}");
        JsonNode actual = json("{'generation':'3','template':{'scaling':{'maxInstanceCount':'1'},"
                + "'containers':[{'image':'i@sha256:1','resources':{'limits':{'cpu':'1'}}}]}}");
        assertThat(ServiceStep.differences(actual, wanted, "")).isEmpty();
    }

    @Test
    void aChangedValueAMissingFieldAndAnotherListLengthAreDifferences() throws Exception {
        JsonNode wanted = json("{'template':{'serviceAccount':'sa@p.iam.gserviceaccount.com',"
                + "'scaling':{'maxInstanceCount':1},'containers':[{'image':'i@sha256:2'},{'image':'l:0.3.13'}]}}");
        JsonNode actual = json("{'template':{'scaling':{'maxInstanceCount':3},'containers':[{'image':'i@sha256:1'},"
                + "{'image':'l:0.3.13'}]}}");
        assertThat(ServiceStep.differences(actual, wanted, "")).containsExactly("template.serviceAccount",
                "template.scaling.maxInstanceCount", "template.containers[0].image");
        JsonNode one = json("{'template':{'containers':[{'image':'i@sha256:2'}]}}");
        assertThat(ServiceStep.differences(one, wanted, "")).contains("template.containers");
    }
}
