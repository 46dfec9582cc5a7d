/** Version reported in the `boot` diagnostics record; kept equal to package.json's (a test checks). */
export const VERSION = "0.2.0"
