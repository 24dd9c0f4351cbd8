/** Registers every built-in converter (import for side effects). */
import "./core";
import "./noise";
import "./conv";
import "./pooling";
import "./activation-layers";
import "./normalization";
import "./merge";
import "./dot";
import "./padding-cropping";
import "./resizing";
import "./preprocessing";
import "./embedding";
import "./nested-model";
import "./recurrent/recurrent-layers";
import "./wrappers";
import "./center-crop";
