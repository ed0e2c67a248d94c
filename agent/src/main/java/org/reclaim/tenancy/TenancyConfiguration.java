package org.reclaim.tenancy;

import io.r2dbc.spi.ConnectionFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wraps the pooled connection factory so that every connection carries the practice scope. */
@Configuration(proxyBeanMethods = false)
class TenancyConfiguration {

    @Bean
    static BeanPostProcessor scopedConnections() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (bean instanceof ConnectionFactory cf
                        && !(cf instanceof ScopedConnectionFactory)) {
                    return new ScopedConnectionFactory(cf);
                }
                return bean;
            }
        };
    }
}
