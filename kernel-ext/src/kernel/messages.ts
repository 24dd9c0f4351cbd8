// The Jupyter message types live in ../jupyter, the bottom layer (comm/, display/ and errors/ import them
// from there). This re-export keeps imports written before the move compiling; new code imports ../jupyter.
export * from "../jupyter/messages";
