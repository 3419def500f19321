package io.fieldline.rules.rule.api;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Body of {@code POST /api/v1/rules}: seed 000's fields plus Fieldline's {@code kind}, {@code severity},
 * {@code deadband}, {@code delay_seconds} and the kind parameters. Which of operator/threshold are required depends on
 * the kind (checked by the service).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CreateRuleRequest(
        @NotNull(message = "Field required") @Size.List( {
                @Size(min = 1, message = RuleEnums.NAME_MIN),
                @Size(max = 255, message = RuleEnums.NAME_MAX) }) String name,
        @NotNull(message = "Field required") String eventPublicId,
        @Pattern(regexp = RuleEnums.KIND, message = RuleEnums.KIND_MESSAGE) String kind,
        @Pattern(regexp = RuleEnums.OPERATOR, message = RuleEnums.OPERATOR_MESSAGE) String operator,
        Double threshold,
        Double thresholdHigh,
        @NotNull(message = "Field required") @Pattern(regexp = RuleEnums.ACTION, message = RuleEnums.ACTION_MESSAGE) String actionType,
        @Size(min = 1, max = 255, message = "String should have 1 to 255 characters") String webhookEventType,
        Boolean enabled,
        @Min(value = 0, message = RuleEnums.NON_NEGATIVE) Integer cooldownSeconds,
        @Pattern(regexp = RuleEnums.SEVERITY, message = RuleEnums.SEVERITY_MESSAGE) String severity,
        @PositiveOrZero(message = RuleEnums.NON_NEGATIVE) Double deadband,
        @Min(value = 0, message = RuleEnums.NON_NEGATIVE) Integer delaySeconds,
        @Min(value = 1, message = RuleEnums.POSITIVE) Integer windowSeconds,
        @Min(value = 2, message = "Input should be greater than or equal to 2") Integer windowSize,
        @Min(value = 1, message = RuleEnums.POSITIVE) Integer staleSeconds){
}
