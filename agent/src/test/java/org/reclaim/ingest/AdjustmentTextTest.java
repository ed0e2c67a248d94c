package org.reclaim.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reclaim.common.Money;
import org.reclaim.remittance.AdjustmentText;
import org.reclaim.remittance.Workability;
import org.reclaim.x12.remit.Adjustment;

class AdjustmentTextTest {

    @Test
    void roundTripsEveryAdjustmentWithItsWorkabilityInFileOrder() {
        List<Adjustment> in =
                List.of(
                        new Adjustment("CO", "16", new Money(920), null),
                        new Adjustment("PR", "1", new Money(500), new BigDecimal("2")),
                        new Adjustment("OA", "23", new Money(-1205), null));
        String text = AdjustmentText.encode(in, Workability.CONTRACT_DEFAULT::workable);
        assertThat(text).isEqualTo("CO:16:9.20::t;PR:1:5.00:2:f;OA:23:-12.05::f");
        assertThat(AdjustmentText.decode(text))
                .containsExactly(
                        new AdjustmentText.Entry("CO", "16", new BigDecimal("9.20"), null, true),
                        new AdjustmentText.Entry(
                                "PR", "1", new BigDecimal("5.00"), new BigDecimal("2"), false),
                        new AdjustmentText.Entry(
                                "OA", "23", new BigDecimal("-12.05"), null, false));
    }

    @Test
    void separatorsInsideCodesFromAGarbledFileSurvive() {
        List<Adjustment> in = List.of(new Adjustment("C:O", "4;5%", new Money(1), null));
        String text = AdjustmentText.encode(in, a -> true);
        assertThat(AdjustmentText.decode(text))
                .singleElement()
                .satisfies(e -> assertThat(e.group() + "|" + e.carc()).isEqualTo("C:O|4;5%"));
    }

    @Test
    void noAdjustmentsIsTheEmptyTextAndGarbageIsRefused() {
        assertThat(AdjustmentText.encode(List.of(), a -> true)).isEmpty();
        assertThat(AdjustmentText.decode("")).isEmpty();
        assertThatThrownBy(() -> AdjustmentText.decode("CO:16")).hasMessageContaining("CO:16");
    }
}
