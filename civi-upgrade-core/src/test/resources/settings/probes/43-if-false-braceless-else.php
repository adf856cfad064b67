<?php
if (FALSE) define('CIVICRM_DSN', 'mysql://no_u:s3cr3t@dbhost.example/no'); else define('CIVICRM_DSN', 'mysql://yes_u:s3cr3t@dbhost.example/yes?new_link=true');
if (0):
  define('CIVICRM_UF', 'Joomla');
else:
  define('CIVICRM_UF', 'Drupal');
endif;
