# Writes OUT: a C++ file holding every data/catalog/*.json as a raw string, in name order.
file(GLOB files ${DATA_DIR}/*.json)
list(SORT files)
set(body "#include \"io/embedded_seed.h\"\nnamespace rackplan::io {\nstd::vector<EmbeddedFile> embedded_seed() {\n  return {\n")
foreach(f ${files})
  file(READ ${f} content)
  get_filename_component(name ${f} NAME)
  # Raw string with a delimiter that the JSON cannot contain.
  string(APPEND body "    {\"${name}\", R\"rackplan_seed(${content})rackplan_seed\"},\n")
endforeach()
string(APPEND body "  };\n}\n}  // namespace rackplan::io\n")
file(WRITE ${OUT}.tmp "${body}")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
