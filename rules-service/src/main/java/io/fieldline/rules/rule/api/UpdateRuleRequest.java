package io.fieldline.rules.rule.api;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** Body of {@code PUT /api/v1/rules/{public_id}}: a partial update; absent or null fields keep their value. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record UpdateRuleRequest(
        @Size.List( {
                @Size(min = 1, message = RuleEnums.NAME_MIN),
                @Size(max = 255, message = RuleEnums.NAME_MAX) }) String name,
        String eventPublicId,
        @Pattern(regexp = RuleEnums.KIND, message = RuleEnums.KIND_MESSAGE) String kind,
        @Pattern(regexp = RuleEnums.OPERATOR, message = RuleEnums.OPERATOR_MESSAGE) String operator,
        Double threshold,
        Double thresholdHigh,
        @Pattern(regexp = RuleEnums.ACTION, message = RuleEnums.ACTION_MESSAGE) String actionType,
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
