package io.weir.admin.resource;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EntityTagsTest {

  @Test
  void theSameBodyHasTheSameTagAndAnyChangeAnother() {
    String tag = EntityTags.of("{\"parameters\":{\"port\":\"3306\"}}");
    assertThat(tag).startsWith("\"").endsWith("\"").hasSize(34);
    assertThat(EntityTags.of("{\"parameters\":{\"port\":\"3306\"}}")).isEqualTo(tag);
    assertThat(EntityTags.of("{\"parameters\":{\"port\":\"3307\"}}")).isNotEqualTo(tag);
  }

  @Test
  void ifMatchTakesTheTagAListOrAStarButNeverAWeakTag() {
    String tag = EntityTags.of("{}");
    assertThat(EntityTags.matches(tag, tag)).isTrue();
    assertThat(EntityTags.matches("\"other\", " + tag, tag)).isTrue();
    assertThat(EntityTags.matches("*", tag)).isTrue();
    assertThat(EntityTags.matches("W/" + tag, tag)).isFalse();
    assertThat(EntityTags.matches("\"other\"", tag)).isFalse();
  }
}
