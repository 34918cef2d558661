package io.weir.testkit.kubernetes;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test class a Kubernetes API server: declare a {@link KubernetesApi} parameter on a test
 * method, a lifecycle method ({@code @BeforeAll}, {@code @BeforeEach}, ...) or the constructor.
 *
 * <p>Every test class of a run shares one server; see {@link KubernetesApiExtension}.
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(KubernetesApiExtension.class)
public @interface WithKubernetesApi {}
