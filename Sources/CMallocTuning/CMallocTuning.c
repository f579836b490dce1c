// The header holds the one inline function; SwiftPM needs a source file.
#include "CMallocTuning.h"
