# KAKUNIN_SANITIZE builds everything with ASan + UBSan; UBSan findings abort so tests fail.
if(KAKUNIN_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
