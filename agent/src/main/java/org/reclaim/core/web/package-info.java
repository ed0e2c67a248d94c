/**
 * The web side every module shares: problem responses ({@link org.reclaim.core.web.Problems}, which
 * a page controller's error advice answers API clients with), the pages' common model, the API
 * document.
 */
@NamedInterface("web")
package org.reclaim.core.web;

import org.springframework.modulith.NamedInterface;
